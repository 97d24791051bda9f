package io.switchboard.api;

import io.switchboard.storage.CallCallback;
import io.switchboard.storage.CallCallback.Kind;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.support.RunningServerTest;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.twiml.CallParameters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /api/calls} of the running server, on its real store: the calls are fed in through the store's bus address
 * as the callback routes send them, and read back with access tokens from the real token API.
 */
class CallsApiTest extends RunningServerTest {

  private static final DateTimeFormatter TWILIO_TIME =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  /** Inside the default retention whatever the day the test runs. */
  private static final Instant FIRST_CALL = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(28, ChronoUnit.DAYS)
      .plus(9, ChronoUnit.HOURS);
  private static final int CALLS_OF_CLIENT = 23;
  private static final int CALLS_OF_OTHER_CLIENT = 3;

  /** The fed calls of each client, newest first. */
  private static final List<Fed> clientCalls = new ArrayList<>();
  private static final List<Fed> otherClientCalls = new ArrayList<>();
  private static String clientToken;
  private static String otherClientToken;

  private record Fed(String callSid, String direction, String from, String to, Instant startedAt, int events) {
  }

  @BeforeAll
  static void feedCallsAndIssueTokens(Vertx vertx) {
    for (int i = 0; i < CALLS_OF_CLIENT + CALLS_OF_OTHER_CLIENT; i++) {
      // Every eighth call is the other client's, among the first client's in time.
      boolean other = i % 8 == 3 && otherClientCalls.size() < CALLS_OF_OTHER_CLIENT;
      Instant start = FIRST_CALL.plusSeconds(600L * i);
      Fed call = other
          ? incoming(vertx, i, TestConfig.OTHER_TWILIO_NUMBER, TestConfig.OTHER_CLIENT, start)
          : i % 5 == 0
          ? outgoing(vertx, i, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, start)
          : incoming(vertx, i, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, start);
      (other ? otherClientCalls : clientCalls).add(0, call);
    }
    assertEquals(CALLS_OF_CLIENT, clientCalls.size());
    clientToken = server.accessToken(TestConfig.TWILIO_NUMBER).await();
    otherClientToken = server.accessToken(TestConfig.OTHER_TWILIO_NUMBER).await();
  }

  @Test
  void theClientsCallsComeNewestFirstPageByPageThroughNextToTheEnd() {
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String next = null;
    do {
      JsonObject page = ok(get(next == null ? "/api/calls?limit=10" : "/api/calls?limit=10&cursor=" + next, clientToken));
      JsonArray calls = page.getJsonArray("calls");
      pageSizes.add(calls.size());
      calls.stream().map(call -> ((JsonObject) call).getString("callSid")).forEach(seen::add);
      next = page.getString("next");
    } while (next != null && pageSizes.size() < 10);

    assertEquals(List.of(10, 10, 3), pageSizes);
    assertEquals(clientCalls.stream().map(Fed::callSid).toList(), seen);
  }

  @Test
  void aPageHoldsTwentyCallsUnlessToldOtherwise() {
    JsonObject page = ok(get("/api/calls", clientToken));

    assertEquals(20, page.getJsonArray("calls").size());
    assertNotNull(page.getString("next"));
  }

  @Test
  void eachCallSaysWhoCalledWhomWhenAndHowItEnded() {
    JsonObject newest = ok(get("/api/calls?limit=1", clientToken)).getJsonArray("calls").getJsonObject(0);
    Fed fed = clientCalls.get(0);

    assertEquals(new JsonObject()
        .put("callSid", fed.callSid())
        .put("direction", fed.direction())
        .put("from", fed.from())
        .put("to", fed.to())
        .put("status", "completed")
        .put("startedAt", fed.startedAt().toString())
        .put("answeredAt", fed.startedAt().plusSeconds(5).toString())
        .put("endedAt", fed.startedAt().plusSeconds(65).toString())
        .put("durationSeconds", 60)
        .put("answeredBy", answeredBy(fed))
        .put("voicemail", null), newest);
  }

  @Test
  void anotherClientSeesItsOwnCallsOnly() {
    JsonObject page = ok(get("/api/calls?limit=100", otherClientToken));

    assertEquals(otherClientCalls.stream().map(Fed::callSid).toList(),
        page.getJsonArray("calls").stream().map(call -> ((JsonObject) call).getString("callSid")).toList());
    assertNull(page.getString("next"));
  }

  @Test
  void oneCallComesWithItsEvents() {
    Fed fed = clientCalls.get(3);

    JsonObject call = ok(get("/api/calls/" + fed.callSid(), clientToken));

    assertEquals(fed.callSid(), call.getString("callSid"));
    assertEquals(fed.from(), call.getString("from"));
    assertEquals(fed.to(), call.getString("to"));
    JsonArray events = call.getJsonArray("events");
    assertEquals(fed.events(), events.size());
    JsonObject ringing = events.getJsonObject(0);
    assertEquals("leg-status", ringing.getString("kind"));
    assertEquals("ringing", ringing.getString("status"));
    assertEquals(fed.startedAt().toString(), ringing.getString("at"));
    assertEquals(0, ringing.getInteger("sequenceNumber"));
    assertTrue(events.stream().map(event -> ((JsonObject) event).getString("at")).sorted().toList()
        .equals(events.stream().map(event -> ((JsonObject) event).getString("at")).toList()), "oldest first");
  }

  @Test
  void anotherClientsCallIsNotFoundExactlyAsACallThatDoesNotExist() {
    HttpResponse<Buffer> others = get("/api/calls/" + otherClientCalls.get(0).callSid(), clientToken);
    HttpResponse<Buffer> mine = get("/api/calls/" + clientCalls.get(0).callSid(), otherClientToken);
    HttpResponse<Buffer> absent = get("/api/calls/" + sid(999_999), clientToken);

    assertEquals(404, others.statusCode());
    assertEquals(404, mine.statusCode());
    assertEquals(404, absent.statusCode());
    assertEquals(absent.bodyAsJsonObject(), others.bodyAsJsonObject());
    assertEquals(absent.bodyAsJsonObject(), mine.bodyAsJsonObject());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/calls", "/api/calls/CA0123456789abcdef0123456789abcdef"})
  void withoutATokenOrWithABadOneBothRoutesAnswer401(String path) {
    HttpResponse<Buffer> none = server.client().get(path).send().await();
    HttpResponse<Buffer> capabilityInstead = get(path, server.client().post("/twilio/retrieve_capability_token")
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await()
        .bodyAsJsonObject().getString("capabilityToken"));
    HttpResponse<Buffer> truncated = get(path, clientToken.substring(0, clientToken.length() - 2));

    for (HttpResponse<Buffer> refused : List.of(none, capabilityInstead, truncated)) {
      assertEquals(401, refused.statusCode());
      assertTrue(refused.getHeader("WWW-Authenticate").startsWith("Bearer"));
      assertEquals("application/json", refused.getHeader("Content-Type"));
      assertNotNull(refused.bodyAsJsonObject().getString("error"));
      assertEquals("no-store", refused.getHeader("Cache-Control"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=101", "limit=-1", "limit=ten", "limit=1.5", "limit=", "limit=99999999999",
      "limit=5&limit=6", "cursor=", "cursor=not-a-cursor-of-ours", "cursor=%00%FF"})
  void badPagingIsA400WithItsReason(String query) {
    HttpResponse<Buffer> response = get("/api/calls?" + query, clientToken);

    assertEquals(400, response.statusCode());
    assertNotNull(response.bodyAsJsonObject().getString("error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/calls/not-a-sid", "/api/calls/CA%00", "/api/calls/..%2F..%2Fetc", "/api/calls/CA/x",
      "/api/nothing-here", "/api/"})
  void unknownApiPathsAre404sInJson(String path) {
    HttpResponse<Buffer> response = get(path, clientToken);

    assertEquals(404, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
  }

  @Test
  void otherMethodsAre405WithTheOneAllowed() {
    for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH)) {
      HttpResponse<Buffer> response = server.client().request(method, "/api/calls")
          .putHeader("Authorization", "Bearer " + clientToken).send().await();

      assertEquals(405, response.statusCode(), method.name());
      assertEquals("GET", response.getHeader("Allow"));
    }
  }

  @Test
  void answersAreNeverCachedAndAllowNothingAsAPage() {
    HttpResponse<Buffer> response = get("/api/calls?limit=1", clientToken);

    assertEquals("no-store", response.getHeader("Cache-Control"));
    assertEquals("default-src 'none'; frame-ancestors 'none'", response.getHeader("Content-Security-Policy"));
    assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    assertEquals("application/json", response.getHeader("Content-Type"));
  }

  @Test
  void aPageOfAnAllowedOriginMayAskWithItsToken() {
    HttpResponse<Buffer> preflight = server.client().request(HttpMethod.OPTIONS, "/api/calls")
        .putHeader("Origin", TestConfig.ALLOWED_ORIGIN)
        .putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "authorization")
        .send().await();
    HttpResponse<Buffer> request = get("/api/calls?limit=1", clientToken, TestConfig.ALLOWED_ORIGIN);
    HttpResponse<Buffer> foreign = get("/api/calls?limit=1", clientToken, "https://evil.example.net");

    assertEquals(204, preflight.statusCode());
    assertEquals(TestConfig.ALLOWED_ORIGIN, preflight.getHeader("Access-Control-Allow-Origin"));
    assertTrue(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));
    assertEquals(200, request.statusCode());
    assertEquals(TestConfig.ALLOWED_ORIGIN, request.getHeader("Access-Control-Allow-Origin"));
    assertEquals(403, foreign.statusCode());
  }

  @Test
  void oneCallsRequestsAreTimedUnderTheRoutesPatternNeverItsSid() {
    String sid = clientCalls.get(1).callSid();
    ok(get("/api/calls/" + sid, clientToken));

    String scrape = server.client().get("/metrics").send().await().bodyAsString();

    assertTrue(scrape.lines().anyMatch(line -> line.startsWith(
        "switchboard_http_requests_seconds_count{method=\"GET\",route=\"/api/calls/:callSid\",status=\"200\"}")),
        scrape);
    assertFalse(scrape.contains(sid), "a call's SID is no label");
  }

  @Test
  void eachClientAddressHasABudgetOfApiRequestsPerMinute() {
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("security").put("apiRequestsPerMinute", 2);
    Vertx own = Vertx.vertx();
    try {
      TestServer limited = TestServer.start(own, config).await();
      String token = limited.accessToken(TestConfig.TWILIO_NUMBER).await();

      List<HttpResponse<Buffer>> responses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        responses.add(limited.client().get("/api/calls").putHeader("Authorization", "Bearer " + token).send().await());
      }

      assertEquals(200, responses.get(0).statusCode());
      assertEquals(200, responses.get(1).statusCode());
      assertEquals(429, responses.get(2).statusCode());
      assertNotNull(responses.get(2).getHeader("Retry-After"));
      assertTrue(responses.get(2).bodyAsJsonObject().getString("error").startsWith("too many API requests"));
    } finally {
      own.close().await();
    }
  }

  private static HttpResponse<Buffer> get(String path, String token) {
    return get(path, token, null);
  }

  private static HttpResponse<Buffer> get(String path, String token, String origin) {
    HttpRequest<Buffer> request = server.client().get(path).putHeader("Authorization", "Bearer " + token);
    if (origin != null) {
      request.putHeader("Origin", origin);
    }
    return request.send().await();
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static String answeredBy(Fed call) {
    return call.direction().equals("incoming") ? TestConfig.CLIENT : call.to();
  }

  /**
   * A call to a Twilio number, answered by its client after 5 s, for 60 s: the client leg's callbacks and the
   * call's own, as Twilio sends them.
   */
  private static Fed incoming(Vertx vertx, int n, String twilioNumber, String client, Instant start) {
    String caller = String.format("+8190%08d", n);
    Map<String, String> query = Map.of("direction", "incoming", "number", twilioNumber, "client", client);
    String legTo = "client:" + client;
    store(vertx,
        leg(sid(n), sid(1000 + n), "ringing", 0, start, caller, legTo, null, query),
        leg(sid(n), sid(1000 + n), "in-progress", 1, start.plusSeconds(5), caller, legTo, null, query),
        leg(sid(n), sid(1000 + n), "completed", 2, start.plusSeconds(65), caller, legTo, "60", query),
        callStatus(sid(n), "completed", start.plusSeconds(65), caller, twilioNumber, "65"));
    return new Fed(sid(n), "incoming", caller, twilioNumber, start, 4);
  }

  /** A call from a client to a number, with the client's number as caller ID, answered after 5 s, for 60 s. */
  private static Fed outgoing(Vertx vertx, int n, String twilioNumber, String client, Instant start) {
    String callee = String.format("+8180%08d", n);
    Map<String, String> query = Map.of("direction", "outgoing", "number", twilioNumber, "client", client);
    store(vertx,
        leg(sid(n), sid(1000 + n), "ringing", 0, start, twilioNumber, callee, null, query),
        leg(sid(n), sid(1000 + n), "in-progress", 1, start.plusSeconds(5), twilioNumber, callee, null, query),
        leg(sid(n), sid(1000 + n), "completed", 2, start.plusSeconds(65), twilioNumber, callee, "60", query));
    return new Fed(sid(n), "outgoing", twilioNumber, callee, start, 3);
  }

  private static CallCallback leg(String callSid, String legSid, String status, int sequence, Instant at,
                                  String from, String to, String duration, Map<String, String> query) {
    Map<String, String> form = new HashMap<>(Map.of("ParentCallSid", callSid, "CallSid", legSid,
        "CallStatus", status, "SequenceNumber", Integer.toString(sequence), "Timestamp", TWILIO_TIME.format(at),
        "From", from, "To", to));
    if (duration != null) {
      form.put("CallDuration", duration);
    }
    return CallCallback.from(Kind.LEG_STATUS, new CallParameters(form), query);
  }

  private static CallCallback callStatus(String callSid, String status, Instant at, String from, String to,
                                         String duration) {
    return CallCallback.from(Kind.CALL_STATUS, new CallParameters(Map.of("CallSid", callSid, "CallStatus", status,
        "Timestamp", TWILIO_TIME.format(at), "From", from, "To", to, "CallDuration", duration)), Map.of());
  }

  private static void store(Vertx vertx, CallCallback... callbacks) {
    Future.all(Arrays.stream(callbacks)
            .map(callback -> vertx.eventBus().request(StorageAddresses.RECORD_CALLBACK, callback))
            .toList())
        .await();
  }

  private static String sid(int n) {
    return String.format("CA%032x", n);
  }
}
