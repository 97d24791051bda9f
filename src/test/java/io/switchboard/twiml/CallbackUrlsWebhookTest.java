package io.switchboard.twiml;

import io.switchboard.support.RunningServerTest;
import io.switchboard.support.TestConfig;
import io.switchboard.support.Twiml;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.http.ApiPaths.DIAL_ACTION;
import static io.switchboard.http.ApiPaths.LEG_STATUS;
import static io.switchboard.support.TestConfig.RETRY_FRAGMENT;
import static io.switchboard.twiml.IncomingCallWebhookTest.twilioIncomingCall;
import static io.switchboard.twiml.OutgoingCallWebhookTest.voiceSdkCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With call records on (the default), the TwiML asks Twilio for the call's life: the {@code <Dial action>} and each
 * leg's status callbacks, under the public URL, with a query that names our side of the call and the fragment that
 * asks Twilio to try a failed callback again.
 */
class CallbackUrlsWebhookTest extends RunningServerTest {

  static final String EVENTS = "initiated ringing answered completed";

  @Test
  void incomingCallNamesTheNumberCalledAndTheClientRung() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(TestConfig.TWILIO_NUMBER)).await();

    String query = "?direction=incoming&number=%2B815031234567&client=DeviceId_0001";
    assertCallbacks(response, "Client", query);
    assertTrue(response.bodyAsString().contains("number=%2B815031234567&amp;client=DeviceId_0001"),
        "percent-encoded once, then escaped for XML: " + response.bodyAsString());
  }

  @Test
  void outgoingCallToANumberNamesTheCallersNumberAndClient() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.OTHER_CLIENT, "+442071838750")).await();

    assertCallbacks(response, "Number", "?direction=outgoing&number=%2B815031239999&client=DeviceId_0002");
  }

  @Test
  void outgoingCallToAClientNamesTheCallerNotTheClientRung() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.CLIENT, "client:" + TestConfig.OTHER_CLIENT))
            .await();

    assertCallbacks(response, "Client", "?direction=outgoing&number=%2B815031234567&client=DeviceId_0001");
    assertEquals(List.of("Client:" + TestConfig.OTHER_CLIENT), Twiml.parse(response.bodyAsString()).dialed());
  }

  @Test
  void refusedCallAsksForNoCallbacks() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall("+815011112222")).await();

    assertEquals(List.of("Say", "Hangup"), Twiml.parse(response.bodyAsString()).verbs());
    assertFalse(response.bodyAsString().contains("Callback"));
  }

  private static void assertCallbacks(HttpResponse<Buffer> response, String noun, String query) {
    assertEquals(200, response.statusCode());
    Twiml twiml = Twiml.parse(response.bodyAsString());
    Element dial = twiml.only("Dial");
    assertEquals(TestConfig.PUBLIC_BASE_URL + DIAL_ACTION + query + RETRY_FRAGMENT, dial.getAttribute("action"));
    assertEquals("60", dial.getAttribute("timeout"));
    List<Element> legs = Twiml.children(dial);
    assertEquals(1, legs.size());
    Element leg = legs.get(0);
    assertEquals(noun, leg.getTagName());
    assertEquals(TestConfig.PUBLIC_BASE_URL + LEG_STATUS + query + RETRY_FRAGMENT, leg.getAttribute("statusCallback"));
    assertEquals(EVENTS, leg.getAttribute("statusCallbackEvent"));
    assertFalse(leg.hasAttribute("statusCallbackMethod"), "POST, Twilio's default");
  }
}
