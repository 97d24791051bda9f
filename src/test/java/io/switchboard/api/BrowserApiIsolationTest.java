package io.switchboard.api;

import io.switchboard.events.EventsApi;
import io.switchboard.support.FakeTwilioRecordings;
import io.switchboard.support.Jwts;
import io.switchboard.support.SseClient;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.switchboard.http.ApiPaths.LEG_STATUS;
import static io.switchboard.http.ApiPaths.RECORDING_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of the browser's API, as {@link BrowserApi#ROUTES} lists them, on the running server: without a token,
 * or with one that is not ours, each is 401 JSON; with another client's token, the owner's call and voicemail are
 * "not found" (404 JSON), and are in none of its lists; with the owner's token the same request succeeds, so the
 * refusals are the isolation's, not a broken route's. A route added to the API without a line here fails the test.
 */
@ExtendWith(VertxExtension.class)
class BrowserApiIsolationTest {

  private static final String CALL = "CA5e0000000000000000000000000000aa";
  private static final String VOICEMAIL = "RE5e0000000000000000000000000000aa";

  private static FakeTwilioRecordings twilio;
  private static TestServer server;
  private static String owner;
  private static String intruder;

  /** What a route answers: one of the owner's things by id, a list, something of the caller's own, a stream. */
  private enum Kind { ONE, LIST, OWN, STREAM }

  /**
   * How to call each route on the owner's call and voicemail. Another client gets 404 for the owner's ids, and its
   * own answer from the others, which must not name the owner's call, voicemail or client; a list of the owner's
   * names {@code owned}.
   */
  private record Call(HttpMethod method, String path, Kind kind, String owned) {
    Call(HttpMethod method, String path, Kind kind) {
      this(method, path, kind, null);
    }
  }

  private static final Map<String, Call> CALLS = new LinkedHashMap<>();

  static {
    CALLS.put(CallsApi.CALLS, new Call(HttpMethod.GET, "/api/calls?limit=100", Kind.LIST, CALL));
    CALLS.put(CallsApi.CALL, new Call(HttpMethod.GET, "/api/calls/" + CALL, Kind.ONE));
    CALLS.put(VoicemailsApi.VOICEMAILS, new Call(HttpMethod.GET, "/api/voicemails?limit=100", Kind.LIST, VOICEMAIL));
    CALLS.put(EventsApi.PRESENCE, new Call(HttpMethod.GET, EventsApi.PRESENCE, Kind.LIST, TestConfig.CLIENT));
    CALLS.put(EventsApi.TICKET, new Call(HttpMethod.POST, EventsApi.TICKET, Kind.OWN));
    CALLS.put(EventsApi.EVENTS, new Call(HttpMethod.GET, EventsApi.EVENTS, Kind.STREAM));
    CALLS.put(VoicemailsApi.AUDIO, new Call(HttpMethod.GET, "/api/voicemails/" + VOICEMAIL + "/audio", Kind.ONE));
    CALLS.put(VoicemailsApi.AUDIO_TICKET,
        new Call(HttpMethod.POST, "/api/voicemails/" + VOICEMAIL + "/audio/ticket", Kind.ONE));
    CALLS.put(VoicemailsApi.HEARD, new Call(HttpMethod.POST, "/api/voicemails/" + VOICEMAIL + "/heard", Kind.ONE));
    CALLS.put(NumbersApi.NUMBERS, new Call(HttpMethod.GET, "/api/numbers", Kind.LIST, TestConfig.TWILIO_NUMBER));
    // Last: the owner's own delete takes the voicemail away.
    CALLS.put(VoicemailsApi.VOICEMAIL, new Call(HttpMethod.DELETE, "/api/voicemails/" + VOICEMAIL, Kind.ONE));
  }

  @BeforeAll
  static void start(Vertx vertx) {
    twilio = FakeTwilioRecordings.start(vertx).await();
    twilio.add(VOICEMAIL);
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("twilio").put("apiBaseUrl", twilio.baseUrl());
    server = TestServer.start(vertx, config).await();
    owner = server.accessToken(TestConfig.TWILIO_NUMBER).await();
    intruder = server.accessToken(TestConfig.OTHER_TWILIO_NUMBER).await();
    String number = URLEncoder.encode(TestConfig.TWILIO_NUMBER, StandardCharsets.UTF_8);
    assertEquals(204, server.postSignedWebhook(LEG_STATUS + "?direction=incoming&number=" + number + "&client="
        + TestConfig.CLIENT, MultiMap.caseInsensitiveMultiMap().add("CallSid", "CA5e0000000000000000000000000000ab")
        .add("ParentCallSid", CALL).add("CallStatus", "no-answer").add("SequenceNumber", "1")
        .add("From", "+819012345678").add("To", "client:" + TestConfig.CLIENT)).await().statusCode());
    assertEquals(204, server.postSignedWebhook(RECORDING_STATUS + "?direction=incoming&number=" + number,
        MultiMap.caseInsensitiveMultiMap().add("CallSid", CALL).add("RecordingSid", VOICEMAIL)
            .add("RecordingUrl", "https://recordings.test/" + VOICEMAIL).add("RecordingStatus", "completed")
            .add("RecordingDuration", "4")).await().statusCode());
  }

  @AfterAll
  static void stop() {
    twilio.close().await();
  }

  @Test
  void everyRouteRefusesStrangersAndAnotherClientsIdsAndServesTheOwner(Vertx vertx) {
    assertEquals(Set.copyOf(BrowserApi.ROUTES), CALLS.keySet(), "every route of the API is checked here");
    String forged = Jwts.sign(new JsonObject().put("alg", "HS256").put("typ", "JWT"), new JsonObject()
        .put("iss", TestConfig.API_KEY_SID).put("sub", TestConfig.ACCOUNT_SID)
        .put("exp", Instant.now().plusSeconds(600).getEpochSecond())
        .put("grants", new JsonObject().put("identity", TestConfig.CLIENT)), "another-secret-".repeat(3));

    CALLS.forEach((route, call) -> {
      if (call.kind() == Kind.STREAM) {
        for (String stranger : new String[] {null, "not-a-token", forged}) {
          try (SseClient refused = stream(vertx, call, stranger)) {
            assertEquals(401, refused.status(), route + " with " + stranger);
            assertTrue(refused.header("Content-Type").startsWith("application/json"), route);
          }
        }
        for (String client : new String[] {intruder, owner}) {
          try (SseClient own = stream(vertx, call, client)) {
            assertEquals(200, own.status(), route);
          }
        }
        return;
      }
      for (String stranger : new String[] {null, "not-a-token", forged}) {
        HttpResponse<Buffer> refused = send(call, stranger);
        assertEquals(401, refused.statusCode(), route + " with " + stranger);
        assertEquals("application/json", refused.getHeader("Content-Type"), route);
        assertTrue(refused.getHeader("WWW-Authenticate").startsWith("Bearer"), route);
      }
      HttpResponse<Buffer> other = send(call, intruder);
      if (call.kind() == Kind.ONE) {
        assertEquals(404, other.statusCode(), route);
        assertEquals("application/json", other.getHeader("Content-Type"), route);
      } else {
        assertEquals(2, other.statusCode() / 100, route);
        String body = other.bodyAsString();
        assertFalse(body.contains(CALL) || body.contains(VOICEMAIL) || body.contains(TestConfig.CLIENT)
            || body.contains(TestConfig.TWILIO_NUMBER), route);
      }
      HttpResponse<Buffer> own = send(call, owner);
      assertEquals(2, own.statusCode() / 100, route + ": " + own.bodyAsString());
      if (call.owned() != null) {
        assertTrue(own.bodyAsString().contains(call.owned()), route);
      }
    });
    assertEquals(0, twilio.refusedCredentials());
  }

  private static SseClient stream(Vertx vertx, Call call, String token) {
    return SseClient.open(vertx, server.port(), call.path(),
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
  }

  private static HttpResponse<Buffer> send(Call call, String token) {
    HttpRequest<Buffer> request = server.client().request(call.method(), call.path());
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request.send().await();
  }
}
