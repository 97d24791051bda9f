package io.switchboard.twiml;

import io.switchboard.support.TestConfig;
import io.switchboard.support.RunningServerTest;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncomingCallWebhookTest extends RunningServerTest {

  /** The walkthrough's own curl body for an incoming call (its step 2-8). */
  static final String WALKTHROUGH_BODY = "ApplicationSid=AP75zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz&ApiVersion=2010-04-01"
      + "&Called=&Caller=%2B819059876543&CallStatus=ringing&CallSid=CCA86nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
      + "&To=%2B815031234567&From=%2B819059876543&Direction=inbound&AccountSid=AC3exxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";


  static MultiMap form(String urlEncoded) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (String pair : urlEncoded.split("&")) {
      String[] nameValue = pair.split("=", 2);
      form.add(nameValue[0], java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return form;
  }

  /** Twilio's full parameter set for a call from a phone to the Twilio number {@code to}. */
  static MultiMap twilioIncomingCall(String to) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("ApiVersion", "2010-04-01")
        .add("CallSid", "CA1f0000000000000000000000000000aa")
        .add("CallStatus", "ringing")
        .add("Called", to)
        .add("CalledCountry", "JP")
        .add("CalledVia", to.replace("+", ""))
        .add("Caller", "+819059876543")
        .add("CallerCountry", "JP")
        .add("Direction", "inbound")
        .add("ForwardedFrom", to.replace("+", ""))
        .add("From", "+819059876543")
        .add("FromCountry", "JP")
        .add("To", to)
        .add("ToCountry", "JP");
  }

  @Test
  void walkthroughRequestRingsTheClient() {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, form(WALKTHROUGH_BODY)).await();

    assertEquals(200, response.statusCode());
    assertEquals("application/xml", response.getHeader("Content-Type"));
    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Dial"), twiml.verbs());
    assertEquals("60", twiml.only("Dial").getAttribute("timeout"));
    assertEquals(List.of("Client:DeviceId_0001"), twiml.dialed());
  }

  @Test
  void twiliosFullParameterSetRingsTheClientOfTheCalledNumber() {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING,
        twilioIncomingCall(TestConfig.OTHER_TWILIO_NUMBER)).await();

    assertEquals(List.of("Client:" + TestConfig.OTHER_CLIENT), Twiml.parse(response.bodyAsString()).dialed());
  }

  @Test
  void numberNotInTheDirectoryIsToldOnceThenHungUp() {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall("+815011112222"))
        .await();

    assertEquals(200, response.statusCode());
    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Say", "Hangup"), twiml.verbs());
    Element say = twiml.only("Say");
    assertEquals("An error occurred. Your Twilio phone number +815011112222 is invalid.", say.getTextContent());
    assertEquals("en-US", say.getAttribute("language"));
    assertFalse(say.hasAttribute("loop"), "said once, not looped forever");
  }

  @Test
  void calledNumberThatIsNoNumberGetsASpokenErrorWithoutEchoingIt() {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER).set("To", "</Say><Dial>+81900</Dial>");
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, call).await();

    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Say", "Hangup"), twiml.verbs());
    assertEquals("An error occurred. The Twilio phone number called is invalid.",
        twiml.only("Say").getTextContent());
  }

  @Test
  void missingToGetsASpokenError() {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    call.remove("To");
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, call).await();

    assertEquals(List.of("Say", "Hangup"), Twiml.parse(response.bodyAsString()).verbs());
  }

  @Test
  void unsignedWebhookIsForbiddenAndNothingIsRendered() {
    HttpResponse<Buffer> response = server.post(CALL_INCOMING).sendForm(twilioIncomingCall(TestConfig.TWILIO_NUMBER))
        .await();

    assertForbidden(response, "missing X-Twilio-Signature");
  }

  @Test
  void signatureMadeWithAnotherAuthTokenIsForbidden() {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    String forged = io.switchboard.support.TwilioSignatures.sign("ffffffffffffffffffffffffffffffff",
        TestConfig.PUBLIC_BASE_URL + CALL_INCOMING, call);
    HttpResponse<Buffer> response = server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", forged).sendForm(call)
        .await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  @Test
  void tamperedBodyIsForbidden() {
    MultiMap signed = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    String signature = io.switchboard.support.TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + CALL_INCOMING, signed);
    MultiMap tampered = twilioIncomingCall(TestConfig.OTHER_TWILIO_NUMBER);
    HttpResponse<Buffer> response = server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", signature)
        .sendForm(tampered).await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  @Test
  void signatureForAnotherUrlIsForbidden() {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    String signature = io.switchboard.support.TwilioSignatures.sign("https://attacker.example.net" + CALL_INCOMING, call);
    HttpResponse<Buffer> response = server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", signature).sendForm(call)
        .await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  @Test
  void queryStringIsPartOfTheSignedUrl() {
    String path = CALL_INCOMING + "?campaign=spring";
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);

    HttpResponse<Buffer> signed = server.postSignedWebhook(path, call).await();
    assertEquals(List.of("Client:DeviceId_0001"), Twiml.parse(signed.bodyAsString()).dialed());

    String signedWithoutQuery = io.switchboard.support.TwilioSignatures.sign(
        TestConfig.PUBLIC_BASE_URL + CALL_INCOMING, call);
    HttpResponse<Buffer> unsigned = server.post(path).putHeader("X-Twilio-Signature", signedWithoutQuery).sendForm(call)
        .await();
    assertForbidden(unsigned, "invalid X-Twilio-Signature");
  }

  @Test
  void repeatedParameterIsRefused() {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER).add("To", TestConfig.OTHER_TWILIO_NUMBER);
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, call).await();

    assertEquals(400, response.statusCode());
    assertEquals("parameter repeated: To", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void jsonBodyIsRefused() {
    HttpResponse<Buffer> response = server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", "irrelevant")
        .sendJsonObject(new io.vertx.core.json.JsonObject().put("To", TestConfig.TWILIO_NUMBER)).await();

    assertEquals(400, response.statusCode());
    assertEquals("webhooks must be application/x-www-form-urlencoded",
        response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void getIsNotAllowed() {
    HttpResponse<Buffer> response = server.client().get(CALL_INCOMING).send().await();

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.getHeader("Allow"));
  }

  static void assertForbidden(HttpResponse<Buffer> response, String reason) {
    assertEquals(403, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("application/json"));
    assertEquals(reason, response.bodyAsJsonObject().getString("error"));
    assertFalse(response.bodyAsString().contains("<Response"), "no TwiML rendered");
  }
}
