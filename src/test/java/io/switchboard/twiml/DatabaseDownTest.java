package io.switchboard.twiml;

import io.switchboard.http.ApiPaths;
import io.switchboard.support.PostgresServer;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.twiml.IncomingCallWebhookTest.twilioIncomingCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real server on a real PostgreSQL that stops, as a database does: calls still ring and end, the status
 * callbacks and the voicemails' recording callbacks are refused with 503 for Twilio to see, and the store takes them
 * again once the database is back.
 */
@Tag("postgres")
@ExtendWith(VertxExtension.class)
class DatabaseDownTest {

  private static final String CALL_SID = "CA1f0000000000000000000000000000aa";

  private static PostgresServer postgres;
  private static TestServer server;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    postgres = PostgresServer.start();
    JsonObject config = TestConfig.json(TestConfig.freePort())
        .put("storage", new JsonObject().put("url", postgres.url()).put("user", postgres.user()));
    server = TestServer.start(vertx, config).await();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void callsRingAndEndWhileTheCallbacksWaitForTheDatabase() throws Exception {
    Element dial = ring();
    String legStatus = Twiml.children(dial).get(0).getAttribute("statusCallback");
    assertEquals(204, postSigned(legStatus, leg("ringing")).statusCode(), "stored while the database is up");

    postgres.stop();
    try {
      assertEquals(503, postSigned(legStatus, leg("in-progress")).statusCode());
      Element stillDialled = ring();
      MultiMap noAnswer = MultiMap.caseInsensitiveMultiMap()
          .add("CallSid", CALL_SID).add("DialCallStatus", "no-answer").add("DialCallSid", CALL_SID);
      HttpResponse<Buffer> outcome = postSigned(stillDialled.getAttribute("action"), noAnswer);
      assertEquals(200, outcome.statusCode());
      assertEquals(List.of("Hangup"), Twiml.parse(outcome.bodyAsString()).verbs());
    } finally {
      postgres.restart();
    }

    awaitStored(legStatus, leg("completed"));
  }

  @Test
  void aVoicemailIsRefusedWhileTheDatabaseIsDownAndTakenOnceItIsBack() throws Exception {
    String url = TestConfig.PUBLIC_BASE_URL + ApiPaths.RECORDING_STATUS + "?direction=incoming&number=%2B815031234567";
    MultiMap recording = MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", "CA1f0000000000000000000000000000bb")
        .add("RecordingSid", "RE1f0000000000000000000000000000bb")
        .add("RecordingUrl", "https://recordings.test/RE1f0000000000000000000000000000bb")
        .add("RecordingStatus", "completed")
        .add("RecordingDuration", "12");
    String token = server.accessToken(TestConfig.TWILIO_NUMBER).await();

    postgres.stop();
    try {
      assertEquals(503, postSigned(url, recording).statusCode());
    } finally {
      postgres.restart();
    }

    awaitStored(url, recording);
    JsonObject voicemails = server.client().get("/api/voicemails").putHeader("Authorization", "Bearer " + token)
        .send().await().bodyAsJsonObject();
    assertEquals(List.of("RE1f0000000000000000000000000000bb"), voicemails.getJsonArray("voicemails").stream()
        .map(voicemail -> ((JsonObject) voicemail).getString("id")).toList());
  }

  private static Element ring() {
    HttpResponse<Buffer> twiml = server.postSignedWebhook(CALL_INCOMING,
        twilioIncomingCall(TestConfig.TWILIO_NUMBER).set("CallSid", CALL_SID)).await();
    assertEquals(200, twiml.statusCode());
    return Twiml.parse(twiml.bodyAsString()).only("Dial");
  }

  private static MultiMap leg(String status) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", "CA2b00000000000000000000000000000b")
        .add("CallStatus", status)
        .add("ParentCallSid", CALL_SID)
        .add("SequenceNumber", Integer.toString(List.of("ringing", "in-progress", "completed").indexOf(status)))
        .add("To", "client:" + TestConfig.CLIENT);
  }

  /** The store recovers by itself: the same callback, repeated as an operator would, is stored in the end. */
  private static void awaitStored(String url, MultiMap form) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    int status;
    while ((status = postSigned(url, form).statusCode()) != 204) {
      assertEquals(503, status, "refused, until the database is back");
      if (System.nanoTime() > deadline) {
        fail("the store did not take callbacks again within 15 s");
      }
      Thread.sleep(200);
    }
  }

  private static HttpResponse<Buffer> postSigned(String url, MultiMap form) {
    return server.postToTwimlUrl(url, form).await();
  }
}
