package io.switchboard.api;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.FakeTwilioRecordings;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.switchboard.http.ApiPaths.RECORDING_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A voicemail's audio, heard mark and delete on the running server and its real store (H2), with Twilio's
 * recordings endpoint played by {@link FakeTwilioRecordings}, which checks the API key's credentials: voicemails come
 * in through signed recording callbacks, and are read with access tokens from the real token API.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class VoicemailAudioTest {

  private static final String GROUP = "+815031230001";
  private static final String CALLER = "+819012345678";

  @RegisterExtension
  final CapturedLogs logged = CapturedLogs.all();

  private static FakeTwilioRecordings twilio;
  private static TestServer server;
  private static String token;
  private static String otherToken;
  private static HttpClient raw;

  @BeforeAll
  static void start(Vertx vertx) {
    twilio = FakeTwilioRecordings.start(vertx).await();
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("twilio").put("apiBaseUrl", twilio.baseUrl()).put("deleteRecordings", true);
    config.getJsonObject("directory").getJsonArray("entries").add(new JsonObject()
        .put("phoneNumber", GROUP).put("clients", new JsonArray().add("alice-laptop").add("alice-phone")));
    server = TestServer.start(vertx, config).await();
    token = server.accessToken(TestConfig.TWILIO_NUMBER).await();
    otherToken = server.accessToken(TestConfig.OTHER_TWILIO_NUMBER).await();
    raw = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    twilio.close().await();
  }

  @Test
  void theAudioIsTwilioRecordingStreamedWithTheApiKeysCredentials() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    Buffer mp3 = twilio.add(id);

    HttpResponse<Buffer> audio = get(audioUrl(token, id), token);

    assertEquals(200, audio.statusCode());
    assertSameBytes(mp3, audio.body());
    assertEquals("audio/mpeg", audio.getHeader("Content-Type"));
    assertEquals("bytes", audio.getHeader("Accept-Ranges"));
    assertEquals(Integer.toString(mp3.length()), audio.getHeader("Content-Length"));
    assertEquals("no-store", audio.getHeader("Cache-Control"));
    assertEquals(0, twilio.refusedCredentials());
  }

  @Test
  void aRangeIsPassedToTwilioAndItsPartialAnswerBack() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    Buffer mp3 = twilio.add(id);
    String path = "/api/voicemails/" + id + "/audio";

    HttpResponse<Buffer> middle = get(path, token, "bytes=1000-1999");
    HttpResponse<Buffer> tail = get(path, token, "bytes=-417");
    HttpResponse<Buffer> beyond = get(path, token, "bytes=" + mp3.length() + "-");
    HttpResponse<Buffer> twoRanges = get(path, token, "bytes=0-1,5-9");

    assertEquals(206, middle.statusCode());
    assertEquals("bytes 1000-1999/" + mp3.length(), middle.getHeader("Content-Range"));
    assertSameBytes(mp3.slice(1000, 2000), middle.body());
    assertEquals("1000", middle.getHeader("Content-Length"));
    assertEquals(206, tail.statusCode());
    assertSameBytes(mp3.slice(mp3.length() - 417, mp3.length()), tail.body());
    assertEquals(416, beyond.statusCode());
    assertEquals("bytes */" + mp3.length(), beyond.getHeader("Content-Range"));
    assertEquals("application/json", beyond.getHeader("Content-Type"));
    assertEquals(200, twoRanges.statusCode(), "a range this server does not take is left out: the whole file");
    assertSameBytes(mp3, twoRanges.body());
    assertTrue(twilio.ranges().containsAll(List.of("bytes=1000-1999", "bytes=-417", "")), twilio.ranges().toString());
  }

  @Test
  void aRedirectToTwilioMediaStoreIsFollowedWithTheRangeAndWithoutTheCredentials() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    Buffer mp3 = twilio.add(id);
    twilio.redirectToMedia(true);
    HttpResponse<Buffer> whole;
    HttpResponse<Buffer> part;
    try {
      whole = get("/api/voicemails/" + id + "/audio", token);
      part = get("/api/voicemails/" + id + "/audio", token, "bytes=10-19");
    } finally {
      twilio.redirectToMedia(false);
    }

    assertEquals(200, whole.statusCode());
    assertSameBytes(mp3, whole.body());
    assertEquals(206, part.statusCode());
    assertSameBytes(mp3.slice(10, 20), part.body());
    assertEquals(0, twilio.credentialsSentToMedia());
  }

  @Test
  void theAudioIsStreamedAsTwilioSendsItNotGatheredFirst() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    Buffer mp3 = twilio.add(id, FakeTwilioRecordings.silentMp3(60));
    twilio.holdAfter(64 * 1024);
    try {
      HttpClientResponse response = raw.request(new RequestOptions().setHost("127.0.0.1").setPort(server.port())
              .setURI("/api/voicemails/" + id + "/audio").putHeader("Authorization", "Bearer " + token))
          .compose(request -> request.send()).map(HttpClientResponse::pause).await();
      Buffer received = Buffer.buffer();
      io.vertx.core.Promise<Void> firstPart = io.vertx.core.Promise.promise();
      response.handler(chunk -> {
        received.appendBuffer(chunk);
        if (received.length() >= 64 * 1024) {
          firstPart.tryComplete();
        }
      });
      io.vertx.core.Future<Void> ended = response.end();
      response.resume();

      firstPart.future().await();
      assertFalse(ended.isComplete(), "the first part arrived while Twilio still held the rest");
      twilio.release();
      ended.await();
      assertSameBytes(mp3, received);
    } finally {
      twilio.release();
    }
  }

  @Test
  void anAudioElementGetsInWithATicketForThatVoicemailOnly() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    Buffer mp3 = twilio.add(id);
    String other = voicemail(TestConfig.TWILIO_NUMBER);
    twilio.add(other);

    JsonObject issued = ok(server.client().post("/api/voicemails/" + id + "/audio/ticket")
        .putHeader("Authorization", "Bearer " + token).send().await());
    String ticket = issued.getString("ticket");
    String url = "/api/voicemails/" + id + "/audio?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);

    assertEquals(300, issued.getInteger("expiresInSeconds"));
    assertSameBytes(mp3, get(url, null).body());
    assertSameBytes(mp3.slice(0, 100), get(url, null, "bytes=0-99").body());
    HttpResponse<Buffer> elsewhere = get("/api/voicemails/" + other + "/audio?ticket=" + ticket, null);
    HttpResponse<Buffer> forged = get(url.replace("ticket=", "ticket=A"), null);
    assertEquals(401, elsewhere.statusCode());
    assertEquals(401, forged.statusCode());
    assertEquals("application/json", forged.getHeader("Content-Type"));
    assertEquals(404, server.client().post("/api/voicemails/" + id + "/audio/ticket")
        .putHeader("Authorization", "Bearer " + otherToken).send().await().statusCode(), "not for another client");
  }

  @Test
  void heardIsMarkedAndCountedForTheClientAlone() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    int unheardBefore = list(token).getInteger("unheard");

    HttpResponse<Buffer> marked = server.client().post("/api/voicemails/" + id + "/heard")
        .putHeader("Authorization", "Bearer " + token).send().await();

    assertEquals(204, marked.statusCode());
    assertEquals(unheardBefore - 1, list(token).getInteger("unheard"));
    JsonObject listed = find(token, id);
    assertEquals(true, listed.getBoolean("heard"));
    assertEquals("/api/voicemails/" + id + "/audio", listed.getString("audioUrl"));
  }

  @Test
  void aDeletedVoicemailIsGoneAndTwilioDeletesTheRecordingWhenSoConfigured() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    twilio.add(id);
    int deletesBefore = twilio.deletes();

    assertEquals(204, delete(id, token).statusCode());

    assertEquals(null, find(token, id));
    assertEquals(404, delete(id, token).statusCode(), "deleted already: no such voicemail");
    assertEquals(404, get("/api/voicemails/" + id + "/audio", token).statusCode());
    assertEquals(404, server.client().post("/api/voicemails/" + id + "/heard")
        .putHeader("Authorization", "Bearer " + token).send().await().statusCode());
    awaitDeletes(deletesBefore + 1);
    assertFalse(twilio.has(id));
  }

  @Test
  void aRingGroupsRecordingLeavesTwilioOnlyWhenItsLastClientDeletesIt() {
    String id = voicemail(GROUP);
    twilio.add(id);
    String laptop = token(GROUP, "alice-laptop");
    String phone = token(GROUP, "alice-phone");
    int deletesBefore = twilio.deletes();

    assertEquals(204, delete(id, laptop).statusCode());
    assertEquals(200, get("/api/voicemails/" + id + "/audio", phone).statusCode(), "the phone still plays it");
    assertEquals(deletesBefore, twilio.deletes());
    assertEquals(204, delete(id, phone).statusCode());

    awaitDeletes(deletesBefore + 1);
  }

  @Test
  void twilioFailingIs502SayingSoWithoutTheCredentials() {
    String id = voicemail(TestConfig.TWILIO_NUMBER);
    twilio.add(id);
    twilio.failWith(500);
    HttpResponse<Buffer> failed;
    try {
      failed = get("/api/voicemails/" + id + "/audio", token);
    } finally {
      twilio.failWith(0);
    }

    assertEquals(502, failed.statusCode());
    assertEquals("application/json", failed.getHeader("Content-Type"));
    assertEquals("Twilio's recordings endpoint failed (HTTP 500); try again later",
        failed.bodyAsJsonObject().getString("error"));
    assertNoCredentials(failed.bodyAsString());
  }

  @Test
  void twilioUnreachableOrSilentIs502SayingSo(Vertx vertx) {
    // Accepts connections and never answers: the server gives up after its timeout.
    NetServer silent = vertx.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1").await();
    int closedPort = TestConfig.freePort();
    for (String base : List.of("http://127.0.0.1:" + closedPort, "http://127.0.0.1:" + silent.actualPort())) {
      Vertx own = Vertx.vertx();
      try {
        // The server's own port must not be the closed one: freePort may hand the same port out twice.
        int port = TestConfig.freePort();
        while (port == closedPort) {
          port = TestConfig.freePort();
        }
        JsonObject config = TestConfig.json(port);
        config.getJsonObject("twilio").put("apiBaseUrl", base);
        TestServer elsewhere = TestServer.start(own, config).await();
        String client = elsewhere.accessToken(TestConfig.TWILIO_NUMBER).await();
        String id = sid("RE");
        assertEquals(204, elsewhere.postSignedWebhook(recordingCallbackPath(TestConfig.TWILIO_NUMBER),
            recording(id)).await().statusCode());

        long started = System.nanoTime();
        HttpResponse<Buffer> failed = elsewhere.client().get("/api/voicemails/" + id + "/audio")
            .putHeader("Authorization", "Bearer " + client).send().await();

        assertEquals(502, failed.statusCode(), base);
        assertEquals("Twilio's recordings endpoint could not be reached; try again later",
            failed.bodyAsJsonObject().getString("error"));
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "within the timeout");
      } finally {
        own.close().await();
      }
    }
    silent.close().await();
    logged.events().stream().map(ILoggingEvent::getFormattedMessage).forEach(VoicemailAudioTest::assertNoCredentials);
  }

  // ---- as Twilio and the page send them

  /** A voicemail left on {@code number}, through the signed recording callback; its id. */
  private static String voicemail(String number) {
    String id = sid("RE");
    assertEquals(204, server.postSignedWebhook(recordingCallbackPath(number), recording(id)).await().statusCode());
    return id;
  }

  private static MultiMap recording(String id) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallSid", sid("CA"))
        .add("RecordingSid", id)
        .add("RecordingUrl", "https://recordings.test/Recordings/" + id)
        .add("RecordingStatus", "completed")
        .add("RecordingDuration", "3");
  }

  private static String recordingCallbackPath(String number) {
    return RECORDING_STATUS + "?direction=incoming&number=" + URLEncoder.encode(number, StandardCharsets.UTF_8)
        + "&from=" + URLEncoder.encode(CALLER, StandardCharsets.UTF_8);
  }

  private static String token(String number, String client) {
    return server.post("/twilio/retrieve_capability_token")
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", number).put("clientName", client)).await()
        .bodyAsJsonObject().getString("accessToken");
  }

  /** The audio URL as the list gives it. */
  private static String audioUrl(String token, String id) {
    JsonObject listed = find(token, id);
    assertNotNull(listed);
    return listed.getString("audioUrl");
  }

  private static JsonObject list(String token) {
    return ok(get("/api/voicemails?limit=100", token));
  }

  private static JsonObject find(String token, String id) {
    return list(token).getJsonArray("voicemails").stream().map(JsonObject.class::cast)
        .filter(voicemail -> voicemail.getString("id").equals(id)).findFirst().orElse(null);
  }

  private static HttpResponse<Buffer> delete(String id, String token) {
    return server.client().request(HttpMethod.DELETE, "/api/voicemails/" + id)
        .putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static HttpResponse<Buffer> get(String path, String token) {
    return get(path, token, null);
  }

  private static HttpResponse<Buffer> get(String path, String token, String range) {
    var request = server.client().get(path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (range != null) {
      request.putHeader("Range", range);
    }
    return request.send().await();
  }

  /** Twilio's copy is deleted after the answer: waited for, a few seconds at most. */
  private static void awaitDeletes(int expected) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (twilio.deletes() < expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertEquals(expected, twilio.deletes());
  }

  /** The same bytes; a failure says how many, rather than printing audio. */
  private static void assertSameBytes(Buffer expected, Buffer actual) {
    assertNotNull(actual, "no body");
    assertEquals(expected.length(), actual.length(), "bytes received");
    assertTrue(java.util.Arrays.equals(expected.getBytes(), actual.getBytes()), "the same bytes");
  }

  private static void assertNoCredentials(String text) {
    for (String secret : List.of(TestConfig.API_KEY_SECRET, TestConfig.AUTH_TOKEN,
        java.util.Base64.getEncoder().encodeToString((TestConfig.API_KEY_SID + ":" + TestConfig.API_KEY_SECRET)
            .getBytes(StandardCharsets.UTF_8)))) {
      assertFalse(text.contains(secret), text);
    }
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static String sid(String prefix) {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return prefix + HexFormat.of().formatHex(random);
  }
}
