package io.switchboard.twiml;

import io.switchboard.config.ConfigSource;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.DIAL_ACTION;
import static io.switchboard.http.ApiPaths.RECORDING_STATUS;
import static io.switchboard.http.ApiPaths.RECORD_ACTION;
import static io.switchboard.support.TestConfig.RETRY_FRAGMENT;
import static io.switchboard.twiml.IncomingCallWebhookTest.twilioIncomingCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A call to a ring group nobody answers, through the real server, as Twilio plays it: each answer's TwiML is parsed,
 * and the next request goes to the URL that TwiML named, signed like Twilio signs it.
 */
@ExtendWith(VertxExtension.class)
class RingGroupWebhookTest {

  private static final String GROUP = "+815031230001";
  private static final String MOBILE = "+819012345678";
  private static final String CALLER = "+819059876543";
  private static final String BASE = TestConfig.PUBLIC_BASE_URL;

  @TempDir
  Path folder;

  /**
   * Two clients in turn, 15 s each, then the mobile, then voicemail in Japanese; rung whether or not their pages
   * are open (presence off), since no page is open here.
   */
  private static JsonObject config() {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").put("reloadIntervalSeconds", 1).getJsonArray("entries").add(new JsonObject()
        .put("phoneNumber", GROUP)
        .put("clients", new JsonArray().add("alice-laptop").add("alice-phone"))
        .put("ring", "sequential")
        .put("ringSeconds", 15)
        .put("presence", false)
        .put("fallback", new JsonObject()
            .put("forwardTo", "090-1234-5678")
            .put("voicemail", new JsonObject().put("greeting", "ただいま留守にしております。").put("language", "ja-JP")
                .put("maxLengthSeconds", 90))));
    return json;
  }

  @Test
  void aGroupNobodyAnswersRingsEachClientThenTheMobileThenTakesAMessage(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    String query = "?direction=incoming&number=%2B815031230001";

    Element first = dialOf(server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(GROUP).set("From", CALLER))
        .await());
    assertClientRung(first, "alice-laptop", query + "&client=alice-laptop&stage=ring&step=1");

    Element second = dialOf(dialOutcome(server, first, "no-answer"));
    assertClientRung(second, "alice-phone", query + "&client=alice-phone&stage=ring&step=2");

    Element forward = dialOf(dialOutcome(server, second, "busy"));
    assertEquals(BASE + DIAL_ACTION + query + "&stage=forward" + RETRY_FRAGMENT, forward.getAttribute("action"));
    assertEquals(CALLER, forward.getAttribute("callerId"), "the person forwarded to sees who calls");
    assertFalse(forward.hasAttribute("answerOnBridge"), "a dial to a phone, not to a client");
    assertEquals(List.of("Number:" + MOBILE), Twiml.children(forward).stream()
        .map(noun -> noun.getTagName() + ":" + noun.getTextContent()).toList());

    Twiml voicemail = Twiml.parse(dialOutcome(server, forward, "no-answer").bodyAsString());
    assertEquals(List.of("Say", "Record", "Hangup"), voicemail.verbs());
    assertEquals("ja-JP", voicemail.only("Say").getAttribute("language"));
    assertEquals("ただいま留守にしております。", voicemail.only("Say").getTextContent());
    Element record = voicemail.only("Record");
    assertEquals(BASE + RECORD_ACTION + query + RETRY_FRAGMENT, record.getAttribute("action"));
    assertEquals(BASE + RECORDING_STATUS + query + RETRY_FRAGMENT, record.getAttribute("recordingStatusCallback"));
    assertEquals("completed absent", record.getAttribute("recordingStatusCallbackEvent"));
    assertEquals("90", record.getAttribute("maxLength"));
    assertEquals("true", record.getAttribute("playBeep"));
    assertEquals("#", record.getAttribute("finishOnKey"));

    Twiml thanks = Twiml.parse(server.postToTwimlUrl(record.getAttribute("action"), MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", "CA1f0000000000000000000000000000aa").add("RecordingDuration", "12")).await().bodyAsString());
    assertEquals(List.of("Say", "Hangup"), thanks.verbs());
    assertEquals("Thank you. Goodbye.", thanks.only("Say").getTextContent());
    assertEquals("ja-JP", thanks.only("Say").getAttribute("language"));
  }

  @Test
  void aClientThatAnswersEndsTheFlow(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    Element first = dialOf(server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(GROUP)).await());

    assertEquals(List.of("Hangup"), Twiml.parse(dialOutcome(server, first, "completed").bodyAsString()).verbs());
    assertEquals(List.of("Hangup"), Twiml.parse(dialOutcome(server, first, "canceled").bodyAsString()).verbs());
  }

  @Test
  void aDialActionWhoseQueryWasChangedIsForbidden(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    Element first = dialOf(server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(GROUP)).await());
    String action = first.getAttribute("action");
    MultiMap form = dialForm("no-answer");

    HttpResponse<Buffer> skipped = server.post(TestServer.pathAndQuery(action.replace("step=1", "step=2")))
        .putHeader("X-Twilio-Signature", io.switchboard.support.TwilioSignatures.sign(action, form)).sendForm(form)
        .await();

    assertEquals(403, skipped.statusCode());
  }

  /** Without call records, the flow still goes on through the Dial action, with no status callbacks. */
  @Test
  void withoutCallRecordsOnlyTheFlowsDialActionIsAskedFor(Vertx vertx) {
    JsonObject json = config().put("calls", new JsonObject().put("record", false));
    TestServer server = TestServer.start(vertx, json).await();

    Element first = dialOf(server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(GROUP)).await());

    assertEquals(BASE + DIAL_ACTION + "?direction=incoming&number=%2B815031230001&client=alice-laptop&stage=ring&step=1"
        + RETRY_FRAGMENT, first.getAttribute("action"));
    assertEquals("true", first.getAttribute("answerOnBridge"));
    assertFalse(Twiml.children(first).get(0).hasAttribute("statusCallback"));
    assertEquals(List.of("Client:alice-phone"), Twiml.children(dialOf(dialOutcome(server, first, "no-answer")))
        .stream().map(noun -> noun.getTagName() + ":" + noun.getTextContent()).toList());
  }

  /** A reload removes the entry while its call rings: the Dial action says so and hangs up, never a 500. */
  @Test
  void anEntryRemovedWhileItsCallRingsEndsWithASpokenError(Vertx vertx) throws Exception {
    Path file = folder.resolve("config.json");
    JsonObject json = config();
    Files.writeString(file, json.encodePrettily());
    ConfigSource source = new ConfigSource(file, java.util.Map.of());
    TestServer server = TestServer.deploy(vertx, source.load(), Optional.of(source), new SwitchboardMetrics()).await();
    Element first = dialOf(server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(GROUP)).await());

    json.getJsonObject("directory").getJsonArray("entries").remove(2);
    Files.writeString(file, json.encodePrettily());
    awaitRemoved(vertx, server);

    HttpResponse<Buffer> after = dialOutcome(server, first, "no-answer");
    assertEquals(200, after.statusCode());
    Twiml twiml = Twiml.parse(after.bodyAsString());
    assertEquals(List.of("Say", "Hangup"), twiml.verbs());
    assertTrue(twiml.only("Say").getTextContent().contains("no longer in service"), after.bodyAsString());
  }

  private static void awaitRemoved(Vertx vertx, TestServer server) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      String twiml = server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(GROUP)).await().bodyAsString();
      if (Twiml.parse(twiml).verbs().equals(List.of("Say", "Hangup"))) {
        return;
      }
      Thread.sleep(200);
    }
    fail("the entry was not removed within 15 s");
  }

  private static void assertClientRung(Element dial, String client, String query) {
    assertEquals(BASE + DIAL_ACTION + query + RETRY_FRAGMENT, dial.getAttribute("action"));
    assertEquals("true", dial.getAttribute("answerOnBridge"), "the caller hears ringing until a browser answers");
    assertEquals("15", dial.getAttribute("timeout"));
    List<Element> nouns = Twiml.children(dial);
    assertEquals(List.of("Client:" + client), nouns.stream()
        .map(noun -> noun.getTagName() + ":" + noun.getTextContent()).toList());
  }

  private static Element dialOf(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return Twiml.parse(response.bodyAsString()).only("Dial");
  }

  /** Twilio's request to the Dial action that {@code dial} names. */
  private static HttpResponse<Buffer> dialOutcome(TestServer server, Element dial, String status) {
    return server.postToTwimlUrl(dial.getAttribute("action"), dialForm(status)).await();
  }

  private static MultiMap dialForm(String status) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallSid", "CA1f0000000000000000000000000000aa")
        .add("From", CALLER)
        .add("To", GROUP)
        .add("Direction", "inbound")
        .add("DialCallStatus", status);
  }
}
