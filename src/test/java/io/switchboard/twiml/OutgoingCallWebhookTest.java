package io.switchboard.twiml;

import io.switchboard.support.TestConfig;
import io.switchboard.support.RunningServerTest;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.twiml.IncomingCallWebhookTest.assertForbidden;
import static io.switchboard.twiml.IncomingCallWebhookTest.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class OutgoingCallWebhookTest extends RunningServerTest {

  /** The walkthrough's own curl body for an outgoing call (its step 2-8). */
  static final String WALKTHROUGH_BODY = "AccountSid=AC3exxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx&ApiVersion=2010-04-01"
      + "&ApplicationSid=AP75zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz&Called=&Caller=client%3ADeviceId_0001"
      + "&CallSid=CA06nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn&CallStatus=ringing&Direction=inbound"
      + "&From=client%3ADeviceId_0001&To=&callerPhoneNumber=%2B81-50-3123-4567"
      + "&callOutgoingPhoneNumber=%2B81-90-5987-6543";


  /** What Twilio posts when the Voice SDK's {@code device.connect({params: {To: to}})} is called by {@code client}. */
  static MultiMap voiceSdkCall(String client, String to) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("ApiVersion", "2010-04-01")
        .add("ApplicationSid", TestConfig.TWIML_APP_SID)
        .add("CallSid", "CA48000000000000000000000000000bb")
        .add("CallStatus", "ringing")
        .add("Called", "")
        .add("Caller", "client:" + client)
        .add("Direction", "inbound")
        .add("From", "client:" + client)
        .add("To", to);
  }

  @Test
  void walkthroughRequestDialsTheNumberWithTheClientsOwnCallerIdInE164() {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING, form(WALKTHROUGH_BODY)).await();

    assertEquals(200, response.statusCode());
    assertEquals("application/xml", response.getHeader("Content-Type"));
    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Dial"), twiml.verbs());
    Element dial = twiml.only("Dial");
    assertEquals("60", dial.getAttribute("timeout"));
    assertEquals("+815031234567", dial.getAttribute("callerId"));
    assertEquals(List.of("Number:+819059876543"), twiml.dialed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"+819059876543", "090-5987-6543", "+81 90 5987 6543"})
  void voiceSdkDestinationInToIsDialledInE164(String to) {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.CLIENT, to))
        .await();

    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals("+815031234567", twiml.only("Dial").getAttribute("callerId"));
    assertEquals(List.of("Number:+819059876543"), twiml.dialed());
  }

  @Test
  void callerIdIsAlwaysTheCallingClientsOwnNumber() {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING,
        voiceSdkCall(TestConfig.OTHER_CLIENT, "+442071838750")).await();

    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(TestConfig.OTHER_TWILIO_NUMBER, twiml.only("Dial").getAttribute("callerId"));
    assertEquals(List.of("Number:+442071838750"), twiml.dialed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"client:DeviceId_0002", "DeviceId_0002"})
  void anotherClientIsDialledAsAClient(String to) {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.CLIENT, to))
        .await();

    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Client:DeviceId_0002"), twiml.dialed());
    assertEquals(TestConfig.TWILIO_NUMBER, twiml.only("Dial").getAttribute("callerId"));
  }

  @Test
  void callerNumberOfAnotherClientIsRefusedAsSpoofing() {
    MultiMap call = voiceSdkCall(TestConfig.CLIENT, "+819059876543").add("callerPhoneNumber", "050-3123-9999");
    expectSpokenRefusal(call, "An error occurred. The caller number is not the number of this client.");
  }

  @Test
  void callerNumberThatIsNoNumberIsRefused() {
    MultiMap call = voiceSdkCall(TestConfig.CLIENT, "+819059876543").add("callerPhoneNumber", "anonymous");
    expectSpokenRefusal(call, "An error occurred. The caller number is not the number of this client.");
  }

  @Test
  void callerNumberInAnotherFormatOfTheClientsOwnIsAccepted() {
    MultiMap call = voiceSdkCall(TestConfig.CLIENT, "+819059876543").add("callerPhoneNumber", "050-3123-4567");
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING, call).await();

    assertEquals(List.of("Number:+819059876543"), Twiml.parse(response.bodyAsString()).dialed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"client:Nobody", "+819059876543", ""})
  void callerThatIsNoRegisteredClientIsRefused(String client) {
    MultiMap call = voiceSdkCall(TestConfig.CLIENT, "+819059876543").set("From", client);
    expectSpokenRefusal(call, "An error occurred. This client is not registered.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12", "client:Nobody", "Nobody", "+819059876543</Number><Number>+819000000000",
      "+81\"/><Number>+819000000000", "]]><Number>1</Number>", "\u0000\u0007+819059876543", "+8190\u00005987\u00076543", "+819059876543;ext=1",
      "tel:+819059876543"})
  void destinationThatIsNeitherANumberNorAClientGetsASpokenErrorAndNoDial(String to) {
    expectSpokenRefusal(voiceSdkCall(TestConfig.CLIENT, to), "An error occurred. The number you called is invalid.");
  }

  @Test
  void walkthroughDestinationWinsOverAnEmptyTo() {
    MultiMap call = voiceSdkCall(TestConfig.CLIENT, "").add("callOutgoingPhoneNumber", "+81-90-5987-6543");
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING, call).await();

    assertEquals(List.of("Number:+819059876543"), Twiml.parse(response.bodyAsString()).dialed());
  }

  @Test
  void unsignedWebhookIsForbidden() {
    HttpResponse<Buffer> response = server.post(CALL_OUTGOING).sendForm(form(WALKTHROUGH_BODY)).await();

    assertForbidden(response, "missing X-Twilio-Signature");
  }

  @Test
  void tamperedDestinationIsForbidden() {
    MultiMap signed = voiceSdkCall(TestConfig.CLIENT, "+819059876543");
    String signature = io.switchboard.support.TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + CALL_OUTGOING, signed);
    HttpResponse<Buffer> response = server.post(CALL_OUTGOING).putHeader("X-Twilio-Signature", signature)
        .sendForm(voiceSdkCall(TestConfig.CLIENT, "+819000000000")).await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  private void expectSpokenRefusal(MultiMap call, String reason) {
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_OUTGOING, call).await();

    assertEquals(200, response.statusCode());
    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Say", "Hangup"), twiml.verbs());
    assertEquals(reason, twiml.only("Say").getTextContent());
    assertFalse(response.bodyAsString().contains("<Dial"));
  }
}
