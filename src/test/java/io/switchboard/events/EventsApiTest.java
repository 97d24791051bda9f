package io.switchboard.events;

import io.switchboard.support.SseClient;
import io.switchboard.support.SseClient.Event;
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
import org.w3c.dom.Element;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live events stream through the real server: events caused by signed callbacks reach the streams of the
 * call's clients and no one else's, a reconnect with {@code Last-Event-ID} gets what it missed, heartbeats come,
 * and the stream is bounded and closed on stop.
 */
@ExtendWith(VertxExtension.class)
class EventsApiTest {

  static final String GROUP = "+815031230001";
  static final String CALLER = "+819059876543";
  static final String LAPTOP = "alice-laptop";
  static final String PHONE = "alice-phone";
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(700);

  @Test
  void aCallsStepsReachItsClientsStreamsAndNoOneElses(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    try (SseClient laptop = stream(vertx, server, token(server, GROUP, LAPTOP));
         SseClient phone = stream(vertx, server, token(server, GROUP, PHONE));
         SseClient outsider = stream(vertx, server, token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT))) {
      assertEquals(200, laptop.status());
      assertEquals("text/event-stream; charset=utf-8", laptop.header("Content-Type"));
      assertEquals("no-store", laptop.header("Cache-Control"));
      Call call = Call.incoming(server, "CA1f0000000000000000000000000000e1");

      call.leg(LAPTOP, "ringing").leg(PHONE, "ringing");
      Set<String> seen = new HashSet<>();
      Event ringing = fresh(laptop, seen);
      assertEquals("call.ringing", ringing.type());
      assertEquals(ringing.id(), ringing.data().getString("id"));
      assertEquals(call.sid, ringing.data().getString("callSid"));
      assertEquals("incoming", ringing.data().getString("direction"));
      assertEquals(CALLER, ringing.data().getString("from"));
      assertEquals(GROUP, ringing.data().getString("number"));

      call.leg(LAPTOP, "in-progress");
      Event answered = fresh(laptop, seen);
      assertEquals("call.answered", answered.type());
      assertEquals(LAPTOP, answered.data().getString("answeredBy"));
      assertTrue(answered.id().compareTo(ringing.id()) > 0, "ids sort as the events happened");
      assertEquals(answered, fresh(phone, new HashSet<>(Set.of(ringing.id()))),
          "the other device of the group is told who answered");

      call.leg(LAPTOP, "completed");
      Event ended = fresh(laptop, seen);
      assertEquals("call.ended", ended.type());
      assertEquals("completed", ended.data().getString("status"));
      assertEquals(42, ended.data().getInteger("durationSeconds"));
      assertEquals(LAPTOP, ended.data().getString("answeredBy"));

      assertNull(outsider.nextOrNull(QUIET), "another client's stream hears nothing of the call");
    }
  }

  @Test
  void aReconnectWithLastEventIdGetsWhatItMissedThenGoesOnLive(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    String token = token(server, GROUP, LAPTOP);
    String lastSeen;
    Call first;
    try (SseClient before = stream(vertx, server, token)) {
      first = Call.incoming(server, "CA1f0000000000000000000000000000e2");
      first.leg(LAPTOP, "ringing").leg(LAPTOP, "in-progress");
      Set<String> seen = new HashSet<>();
      Event ringing = fresh(before, seen);
      Event answered = ringing.type().equals("call.answered") ? ringing : fresh(before, seen);
      assertEquals("call.answered", answered.type());
      lastSeen = answered.id();
    }

    // While away (still online for the presence's time to live): the first call ends, a second is missed and
    // leaves a voicemail.
    first.leg(LAPTOP, "completed");
    Call second = Call.incoming(server, "CA1f0000000000000000000000000000e3");
    second.leg(LAPTOP, "ringing").leg(LAPTOP, "no-answer").leg(PHONE, "no-answer");
    second.voicemail("RE1f0000000000000000000000000000e3", 9);

    try (SseClient after = SseClient.open(vertx, server.port(), EventsApi.EVENTS,
        Map.of("Authorization", "Bearer " + token, "Last-Event-ID", lastSeen))) {
      List<Event> missed = new ArrayList<>();
      Set<String> seen = new HashSet<>(Set.of(lastSeen));
      for (int i = 0; i < 4; i++) {
        missed.add(fresh(after, seen));
      }
      assertEquals(List.of("call.ended", "call.ringing", "call.missed", "voicemail.new"),
          missed.stream().map(Event::type).toList());
      assertEquals(first.sid, missed.get(0).data().getString("callSid"));
      assertEquals(second.sid, missed.get(1).data().getString("callSid"));
      assertEquals("no-answer", missed.get(2).data().getString("status"));
      JsonObject voicemail = missed.get(3).data();
      assertEquals("RE1f0000000000000000000000000000e3", voicemail.getString("voicemailId"));
      assertEquals(second.sid, voicemail.getString("callSid"));
      assertEquals(CALLER, voicemail.getString("from"));
      assertEquals(GROUP, voicemail.getString("to"));
      assertEquals(9, voicemail.getInteger("durationSeconds"));
      List<String> ids = missed.stream().map(Event::id).toList();
      assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
      assertNull(after.nextOrNull(QUIET), "nothing before the last event seen is told again");

      Call third = Call.incoming(server, "CA1f0000000000000000000000000000e4");
      third.leg(LAPTOP, "ringing");
      Event live = fresh(after, seen);
      assertEquals("call.ringing", live.type());
      assertEquals(third.sid, live.data().getString("callSid"));
    }

    // A new EventSource cannot send the header: the page names the last event it saw in the query.
    try (SseClient byQuery = SseClient.open(vertx, server.port(), EventsApi.EVENTS + "?lastEventId=" + lastSeen,
        Map.of("Authorization", "Bearer " + token))) {
      Set<String> seen = new HashSet<>(Set.of(lastSeen));
      assertEquals("call.ended", fresh(byQuery, seen).type());
      assertEquals("call.ringing", fresh(byQuery, seen).type());
    }

    try (SseClient unknownId = SseClient.open(vertx, server.port(), EventsApi.EVENTS,
        Map.of("Authorization", "Bearer " + token, "Last-Event-ID", "not-one-of-ours"))) {
      assertEquals(200, unknownId.status());
      assertNull(unknownId.nextOrNull(QUIET), "an id that is not ours replays nothing");
    }
  }

  @Test
  void aNewVoicemailIsToldLiveToEachOfItsClients(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    try (SseClient laptop = stream(vertx, server, token(server, GROUP, LAPTOP))) {
      Call call = Call.incoming(server, "CA1f0000000000000000000000000000e5");
      call.voicemail("RE1f0000000000000000000000000000e5", 4);
      Event event = ofType(laptop, "voicemail.new");
      assertEquals("RE1f0000000000000000000000000000e5", event.data().getString("voicemailId"));
      assertEquals(4, event.data().getInteger("durationSeconds"));
    }
  }

  @Test
  void anOpenStreamSendsHeartbeats(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config(1)).await();
    try (SseClient stream = stream(vertx, server, token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT))) {
      assertTrue(stream.pinged(Duration.ofSeconds(3)), "a heartbeat within events.heartbeatSeconds (1)");
      assertTrue(stream.pinged(Duration.ofSeconds(3)), "and another");
    }
  }

  @Test
  void streamsAreBoundedPerClientAndInAll(Vertx vertx) {
    JsonObject json = config();
    json.put("events", json.getJsonObject("events").put("maxStreamsPerClient", 2).put("maxStreams", 3));
    TestServer server = TestServer.start(vertx, json).await();
    String laptop = token(server, GROUP, LAPTOP);
    try (SseClient one = stream(vertx, server, laptop); SseClient two = stream(vertx, server, laptop)) {
      assertEquals(200, two.status());
      try (SseClient three = stream(vertx, server, laptop)) {
        assertEquals(429, three.status());
        assertTrue(three.refusal().getString("error").contains("event streams"));
      }
      String phone = token(server, GROUP, PHONE);
      try (SseClient four = stream(vertx, server, phone); SseClient five = stream(vertx, server, phone)) {
        assertEquals(200, four.status());
        assertEquals(503, five.status());
        assertTrue(five.refusal().containsKey("error"));
      }
      one.close();
      // A closed stream frees its place.
      try (SseClient again = awaitOpen(vertx, server, laptop)) {
        assertEquals(200, again.status());
      }
    }
  }

  @Test
  void aStoppingServerEndsItsStreamsAtOnce(Vertx vertx) {
    JsonObject json = config();
    json.getJsonObject("http").put("shutdownGraceSeconds", 30);
    TestServer server = TestServer.start(vertx, json).await();
    SseClient stream = stream(vertx, server, token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT));
    assertEquals(200, stream.status());
    long started = System.nanoTime();
    server.switchboard().drain().timeout(10, TimeUnit.SECONDS).await();
    stream.ended().timeout(5, TimeUnit.SECONDS).await();
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10),
        "the stop does not wait the 30 s grace for the stream");
    stream.close();
  }

  @Test
  void withoutAValidAccessTokenNoStreamOpens(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();
    try (SseClient none = SseClient.open(vertx, server.port(), EventsApi.EVENTS, Map.of());
         SseClient forged = SseClient.open(vertx, server.port(), EventsApi.EVENTS,
             Map.of("Authorization", "Bearer not.a.token"))) {
      assertEquals(401, none.status());
      assertTrue(none.refusal().containsKey("error"));
      assertEquals(401, forged.status());
    }
    HttpResponse<Buffer> put = server.client().put(EventsApi.EVENTS).send().await();
    assertEquals(405, put.statusCode());
    assertEquals("GET", put.getHeader("Allow"));
  }

  @Test
  void theStreamKeepsTheApisCorsAndRateLimit(Vertx vertx) {
    JsonObject json = config();
    json.getJsonObject("security").put("apiRequestsPerMinute", 1);
    TestServer server = TestServer.start(vertx, json).await();
    String token = token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT);
    try (SseClient foreign = SseClient.open(vertx, server.port(), EventsApi.EVENTS,
        Map.of("Authorization", "Bearer " + token, "Origin", "https://evil.example.net"))) {
      assertEquals(403, foreign.status());
      assertTrue(foreign.refusal().containsKey("error"));
    }
    HttpResponse<Buffer> preflight = server.client().request(io.vertx.core.http.HttpMethod.OPTIONS, EventsApi.EVENTS)
        .putHeader("Origin", TestConfig.ALLOWED_ORIGIN).putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "authorization,last-event-id").send().await();
    assertEquals(TestConfig.ALLOWED_ORIGIN, preflight.getHeader("Access-Control-Allow-Origin"));
    assertTrue(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase().contains("last-event-id"));
    try (SseClient allowed = SseClient.open(vertx, server.port(), EventsApi.EVENTS,
        Map.of("Authorization", "Bearer " + token, "Origin", TestConfig.ALLOWED_ORIGIN))) {
      assertEquals(200, allowed.status());
      assertEquals(TestConfig.ALLOWED_ORIGIN, allowed.header("Access-Control-Allow-Origin"));
    }
    try (SseClient limited = stream(vertx, server, token)) {
      assertEquals(429, limited.status(), "security.apiRequestsPerMinute counts the stream's requests too");
      assertTrue(limited.refusal().getString("error").contains("too many API requests"));
    }
  }

  /** A page's stream: its events, the ones already seen skipped, as a page takes an event told twice. */
  static Event fresh(SseClient stream, Set<String> seen) {
    while (true) {
      Event event = stream.next(WAIT);
      if (event.id() == null || seen.add(event.id())) {
        return event;
      }
    }
  }

  /** The next event of {@code type}, the call's own events before it skipped. */
  static Event ofType(SseClient stream, String type) {
    while (true) {
      Event event = stream.next(WAIT);
      if (event.type().equals(type)) {
        return event;
      }
    }
  }

  static SseClient stream(Vertx vertx, TestServer server, String token) {
    return SseClient.open(vertx, server.port(), EventsApi.EVENTS, Map.of("Authorization", "Bearer " + token));
  }

  /** A stream once the server has seen the previous one close: that happens a moment after the client closes. */
  private static SseClient awaitOpen(Vertx vertx, TestServer server, String token) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      SseClient stream = stream(vertx, server, token);
      if (stream.status() == 200 || System.nanoTime() > deadline) {
        return stream;
      }
      stream.close();
    }
  }

  static String token(TestServer server, String number, String client) {
    HttpResponse<Buffer> response = server.post("/twilio/retrieve_capability_token")
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", number).put("clientName", client)).await();
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getString("accessToken");
  }

  static JsonObject config() {
    return config(5);
  }

  /**
   * The test configuration, a heartbeat every {@code heartbeatSeconds}, tickets for 2 s, and two more entries: a ring group that takes a message when
   * nobody answers, and a line whose client never opens the page (presence off).
   */
  static JsonObject config(int heartbeatSeconds) {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.put("events", new JsonObject().put("heartbeatSeconds", heartbeatSeconds).put("ticketSeconds", 2));
    json.getJsonObject("directory").getJsonArray("entries")
        .add(new JsonObject()
            .put("phoneNumber", GROUP)
            .put("clients", new JsonArray().add(LAPTOP).add(PHONE))
            .put("fallback", new JsonObject().put("voicemail", new JsonObject().put("greeting", "Leave a message."))))
        .add(new JsonObject()
            .put("phoneNumber", PresenceTest.MOBILE_LINE)
            .put("clientName", PresenceTest.MOBILE)
            .put("presence", false)
            .put("fallback", new JsonObject().put("voicemail", new JsonObject())));
    return json;
  }

  /** An incoming call to the group, played through the TwiML the server answers, as Twilio would. */
  static final class Call {

    final String sid;
    private final TestServer server;
    private final Element dial;

    private Call(TestServer server, String sid, Element dial) {
      this.server = server;
      this.sid = sid;
      this.dial = dial;
    }

    static Call incoming(TestServer server, String sid) {
      HttpResponse<Buffer> twiml = server.postSignedWebhook(CALL_INCOMING, MultiMap.caseInsensitiveMultiMap()
          .add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", sid).add("CallStatus", "ringing")
          .add("Direction", "inbound").add("From", CALLER).add("To", GROUP)).await();
      assertEquals(200, twiml.statusCode());
      return new Call(server, sid, Twiml.parse(twiml.bodyAsString()).only("Dial"));
    }

    /** The status callback of the leg that rings {@code client}, as the TwiML asked for it. */
    Call leg(String client, String status) {
      Element clientElement = Twiml.children(dial).stream()
          .filter(element -> element.getTextContent().strip().equals(client)).findFirst().orElseThrow();
      MultiMap form = MultiMap.caseInsensitiveMultiMap()
          .add("AccountSid", TestConfig.ACCOUNT_SID)
          .add("CallSid", "CA2b" + sid.substring(4, 32) + (client.equals(LAPTOP) ? "01" : "02"))
          .add("ParentCallSid", sid)
          .add("CallStatus", status)
          .add("SequenceNumber", Integer.toString(List.of("ringing", "in-progress", "completed").indexOf(status) + 1))
          .add("From", CALLER)
          .add("To", "client:" + client);
      if (status.equals("completed")) {
        form.add("CallDuration", "42");
      }
      assertEquals(204, server.postToTwimlUrl(clientElement.getAttribute("statusCallback"), form).await().statusCode());
      return this;
    }

    /** Nobody answered: the Dial action leads to the voicemail, whose recording callback is then posted. */
    void voicemail(String recordingSid, int seconds) {
      Element record = Twiml.parse(server.postToTwimlUrl(dial.getAttribute("action"), MultiMap.caseInsensitiveMultiMap()
          .add("CallSid", sid).add("From", CALLER).add("To", GROUP).add("DialCallStatus", "no-answer")).await()
          .bodyAsString()).only("Record");
      assertEquals(204, server.postToTwimlUrl(record.getAttribute("recordingStatusCallback"),
          MultiMap.caseInsensitiveMultiMap()
              .add("AccountSid", TestConfig.ACCOUNT_SID)
              .add("CallSid", sid)
              .add("RecordingSid", recordingSid)
              .add("RecordingUrl", "https://recordings.test/" + recordingSid)
              .add("RecordingStatus", "completed")
              .add("RecordingDuration", Integer.toString(seconds))).await().statusCode());
    }
  }
}
