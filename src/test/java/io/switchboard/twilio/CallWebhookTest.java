package io.switchboard.twilio;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TwilioSignatures;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The webhooks the load tester and the benchmark send: Twilio's parameter sets, a body that decodes back to them, and
 * signatures that match Twilio's scheme as the tests write it out independently.
 */
class CallWebhookTest {

  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String URL = TestConfig.PUBLIC_BASE_URL + "/twilio/retrieve_twiml/call_incoming";

  @Test
  void anIncomingCallCarriesWhatTheCallLogicAndTheSignatureRead() {
    CallWebhook call = CallWebhook.incoming(ACCOUNT, "+819059876543", "+815031234567");
    assertEquals(Set.of("AccountSid", "ApiVersion", "CallSid", "CallStatus", "Called", "Caller", "Direction", "From",
        "FromCountry", "To", "ToCountry"), call.parameters().keySet());
    assertEquals("+819059876543", call.parameters().get("From"));
    assertEquals("+815031234567", call.parameters().get("To"));
    assertEquals(ACCOUNT, call.parameters().get("AccountSid"));
  }

  @Test
  void aFullIncomingCallCarriesTwiliosTwentySevenParameters() {
    CallWebhook call = CallWebhook.incomingFull(ACCOUNT, "+819059876543", "+815031234567");
    assertEquals(Set.of("AccountSid", "ApiVersion", "CallSid", "CallStatus", "CallToken", "Called", "CalledCity",
        "CalledCountry", "CalledState", "CalledZip", "Caller", "CallerCity", "CallerCountry", "CallerState", "CallerZip",
        "Direction", "From", "FromCity", "FromCountry", "FromState", "FromZip", "StirVerstat", "To", "ToCity",
        "ToCountry", "ToState", "ToZip"), call.parameters().keySet());
    assertEquals("+819059876543", call.parameters().get("Caller"));
    assertEquals("+815031234567", call.parameters().get("Called"));
  }

  @Test
  void anOutgoingCallComesFromTheSoftphonesClient() {
    CallWebhook call = CallWebhook.outgoing(ACCOUNT, "AP00112233445566778899aabbccddeeff", "DeviceId_0001",
        CallWebhook.client("Reception"));
    assertEquals(Set.of("AccountSid", "ApiVersion", "ApplicationSid", "CallSid", "CallStatus", "Called", "Caller",
        "Direction", "From", "To"), call.parameters().keySet());
    assertEquals("client:DeviceId_0001", call.parameters().get("From"));
    assertEquals("client:Reception", call.parameters().get("To"));
  }

  @Test
  void theBodyDecodesToTheParametersAndTheSignatureIsTwilios() {
    CallWebhook call = CallWebhook.incomingFull(ACCOUNT, "+1 415 & co=", "+815031234567");
    assertEquals(call.parameters(), decoded(call.formBody()));
    assertEquals(TwilioSignatures.sign(TestConfig.AUTH_TOKEN, URL, multiMap(call)),
        call.signature(new TwilioSignature(TestConfig.AUTH_TOKEN), URL));
  }

  @Test
  void aTemplateMakesTheWebhookOfEachCallSid() {
    CallWebhook call = CallWebhook.outgoing(ACCOUNT, "AP00112233445566778899aabbccddeeff", "Déjà vu", "+819059876543");
    CallSidTemplate template = call.forEachCallSid(new TwilioSignature(TestConfig.AUTH_TOKEN), URL);
    for (String callSid : new String[] {"CA00000000000000000000000000000001", "CAffffffffffffffffffffffffffffffff"}) {
      CallWebhook expected = call.withCallSid(callSid);
      assertEquals(expected.formBody(), template.body(callSid).toString(StandardCharsets.UTF_8));
      assertEquals(TwilioSignatures.sign(TestConfig.AUTH_TOKEN, URL, multiMap(expected)), template.signature(callSid));
    }
  }

  @Test
  void aLegsStatusCallbackTemplateMakesTheCallbackOfEachParentCall() {
    String url = TestConfig.PUBLIC_BASE_URL + "/twilio/callbacks/leg-status?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001";
    CallWebhook leg = CallWebhook.legStatus(ACCOUNT, CallWebhook.EXAMPLE_CALL_SID, "CA99999999999999999999999999999999",
        "completed", 3, "+819059876543", CallWebhook.client("DeviceId_0001"), Instant.parse("2010-08-31T20:36:28Z"));
    assertEquals("Tue, 31 Aug 2010 20:36:28 +0000", leg.parameters().get("Timestamp"));
    assertEquals("3", leg.parameters().get("SequenceNumber"));
    assertEquals("0", leg.parameters().get("CallDuration"));
    assertEquals("CA99999999999999999999999999999999", leg.parameters().get("CallSid"));
    CallSidTemplate template = leg.forEachParentCallSid(new TwilioSignature(TestConfig.AUTH_TOKEN), url);
    String parent = "CA00000000000000000000000000000042";
    CallWebhook expected = leg.withParentCallSid(parent);
    assertEquals(parent, decoded(template.body(parent).toString(StandardCharsets.UTF_8)).get("ParentCallSid"));
    assertEquals(expected.formBody(), template.body(parent).toString(StandardCharsets.UTF_8));
    assertEquals(TwilioSignatures.sign(TestConfig.AUTH_TOKEN, url, multiMap(expected)), template.signature(parent));
  }

  private static TreeMap<String, String> decoded(String body) {
    TreeMap<String, String> parameters = new TreeMap<>();
    for (String pair : body.split("&")) {
      String[] nameAndValue = pair.split("=", 2);
      parameters.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
          URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static MultiMap multiMap(CallWebhook call) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    call.parameters().forEach(form::add);
    return form;
  }
}
