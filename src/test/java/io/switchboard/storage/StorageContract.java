package io.switchboard.storage;

import io.micrometer.core.instrument.Counter;
import io.switchboard.config.StorageSettings;
import io.switchboard.events.EventAddresses;
import io.switchboard.storage.CallCallback.Kind;
import io.switchboard.twiml.CallParameters;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's behaviour through its bus addresses, the same on every database: each subclass names one. Every test
 * uses fresh client names and call SIDs, so tests sharing a database do not see each other's calls.
 */
abstract class StorageContract extends StoreUnderTest {

  static final String NUMBER = "+815031234567";
  static final String CALLER = "+819012345678";

  final String client = "client_" + hex(6);
  final String otherClient = "client_" + hex(6);

  @Test
  void anIncomingCallIsStoredAndReadBackWithItsEvents() {
    String call = callSid();
    String leg = callSid();
    Instant start = RECENT_DAY.plus(10, ChronoUnit.HOURS);
    store(leg(call, leg, "initiated", 0, start, client));
    store(leg(call, leg, "ringing", 1, start.plusSeconds(1), client));
    store(leg(call, leg, "in-progress", 2, start.plusSeconds(5), client));
    store(leg(call, leg, "completed", 3, start.plusSeconds(47), client).with("CallDuration", "42"));
    store(dialAction(call, leg, "completed", "42", client));

    CallRecord stored = get(client, call);
    assertEquals("incoming", stored.direction());
    assertEquals(CALLER, stored.from());
    assertEquals(NUMBER, stored.to());
    assertEquals(List.of(client), stored.clients());
    assertEquals("completed", stored.status());
    assertEquals(start, stored.startedAt());
    assertEquals(start.plusSeconds(1), stored.ringingAt());
    assertEquals(start.plusSeconds(5), stored.answeredAt());
    assertEquals(42, stored.durationSeconds());
    assertEquals(client, stored.answeredBy());
    assertEquals(List.of("initiated", "ringing", "in-progress", "completed"),
        stored.events().stream().filter(event -> event.kind().equals("leg-status")).map(CallEvent::status).toList());
    assertEquals(5, stored.events().size());

    CallPage page = list(client, 10, Optional.empty());
    assertEquals(List.of(call), page.calls().stream().map(CallRecord::callSid).toList());
    assertEquals("completed", page.calls().get(0).status());
    assertEquals(start.plusSeconds(5), page.calls().get(0).answeredAt());
    assertEquals(Optional.empty(), page.next());
  }

  @Test
  void aRepeatedCallbackChangesNothing() {
    String call = callSid();
    String leg = callSid();
    Callback ringing = leg(call, leg, "ringing", 1, Instant.now(), client);
    store(ringing);
    store(ringing);
    store(ringing);

    assertEquals(1, get(client, call).events().size());
  }

  @Test
  void callbacksOutOfOrderGiveTheSameCallAndALateRingingDoesNotReopenIt() {
    String call = callSid();
    String leg = callSid();
    Instant start = RECENT_DAY.plus(10, ChronoUnit.HOURS);
    store(leg(call, leg, "completed", 3, start.plusSeconds(30), client).with("CallDuration", "20"));
    store(leg(call, leg, "in-progress", 2, start.plusSeconds(10), client));
    store(leg(call, leg, "ringing", 1, start.plusSeconds(2), client));
    store(leg(call, leg, "initiated", 0, start, client));

    CallRecord stored = get(client, call);
    assertEquals("completed", stored.status());
    assertEquals(start, stored.startedAt());
    assertEquals(start.plusSeconds(2), stored.ringingAt());
    assertEquals(start.plusSeconds(30), stored.endedAt());
    assertEquals(20, stored.durationSeconds());
    assertEquals(List.of("initiated", "ringing", "in-progress", "completed"),
        stored.events().stream().map(CallEvent::status).toList());
    assertEquals("completed", list(client, 1, Optional.empty()).calls().get(0).status());
  }

  @Test
  void pagesGoNewestFirstAndTheCursorLeadsThroughAllCallsOnce() {
    List<String> calls = new ArrayList<>();
    Instant start = RECENT_DAY;
    for (int i = 0; i < 7; i++) {
      String call = callSid();
      calls.add(0, call);
      // Two calls start at the same second: the SID orders them, and neither is lost between pages.
      store(leg(call, callSid(), "initiated", 0, start.plusSeconds(i == 3 ? 2 : i), client));
    }

    List<String> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    List<Integer> sizes = new ArrayList<>();
    do {
      CallPage page = list(client, 3, cursor);
      sizes.add(page.calls().size());
      page.calls().forEach(found -> seen.add(found.callSid()));
      cursor = page.next();
    } while (cursor.isPresent());

    assertEquals(List.of(3, 3, 1), sizes);
    assertEquals(new HashSet<>(calls), new HashSet<>(seen));
    assertEquals(7, seen.size());
    List<Instant> starts = new ArrayList<>();
    for (String call : seen) {
      starts.add(get(client, call).startedAt());
    }
    for (int i = 1; i < starts.size(); i++) {
      assertFalse(starts.get(i).isAfter(starts.get(i - 1)), "newest first: " + starts);
    }
  }

  @Test
  void aBadCursorOrLimitIsRefused() {
    assertEquals(400, refusal(StorageAddresses.LIST_CALLS, new CallQuery(client, 10, Optional.of("not a cursor"))));
    assertEquals(400, refusal(StorageAddresses.LIST_CALLS, new CallQuery(client, 0, Optional.empty())));
    assertEquals(400, refusal(StorageAddresses.LIST_CALLS, new CallQuery(client, 101, Optional.empty())));
  }

  @Test
  void anotherClientsCallsAreNeverReturned() {
    String mine = callSid();
    String theirs = callSid();
    store(leg(mine, callSid(), "ringing", 1, Instant.now(), client));
    store(leg(theirs, callSid(), "ringing", 1, Instant.now(), otherClient));

    assertEquals(List.of(mine), list(client, 10, Optional.empty()).calls().stream().map(CallRecord::callSid).toList());
    assertEquals(404, refusal(StorageAddresses.GET_CALL, new CallLookup(client, theirs)));
    assertEquals(404, refusal(StorageAddresses.GET_CALL, new CallLookup(client, callSid())));
  }

  @Test
  void aCallbackThatLacksWhatItNeedsIsRefused() {
    Callback noParent = leg(callSid(), callSid(), "ringing", 1, Instant.now(), client).with("ParentCallSid", "");
    assertEquals(400, refusal(StorageAddresses.RECORD_CALLBACK, noParent.toCallCallback()));
    Callback badStatus = leg(callSid(), callSid(), "ringing", 1, Instant.now(), client).with("CallStatus", "exploded");
    assertEquals(400, refusal(StorageAddresses.RECORD_CALLBACK, badStatus.toCallCallback()));
    Callback badTime = leg(callSid(), callSid(), "ringing", 1, Instant.now(), client).with("Timestamp", "yesterday");
    assertEquals(400, refusal(StorageAddresses.RECORD_CALLBACK, badTime.toCallCallback()));
  }

  @Test
  void eachCommittedStepIsToldToTheCallsClientAndReadBackAfterTheLastOneSeen() {
    List<JsonObject> told = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(EventAddresses.client(client), event -> told.add(event.body()))
        .completion().await();
    String call = callSid();
    String leg = callSid();
    Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    store(leg(call, leg, "ringing", 1, start, client));
    store(leg(call, leg, "in-progress", 2, start.plusSeconds(5), client));
    store(leg(call, leg, "completed", 3, start.plusSeconds(30), client).with("CallDuration", "25"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (told.size() < 3 && System.nanoTime() < deadline) {
      vertx.timer(20).await();
    }

    assertEquals(List.of("call.ringing", "call.answered", "call.ended"),
        told.stream().map(event -> event.getString("type")).toList());
    assertEquals(start.toString(), Instant.parse(told.get(0).getString("at")).toString());
    assertEquals(List.of(String.format("%013d.1.%s", start.toEpochMilli(), call),
            String.format("%013d.2.%s", start.plusSeconds(5).toEpochMilli(), call),
            String.format("%013d.3.%s", start.plusSeconds(30).toEpochMilli(), call)),
        told.stream().map(event -> event.getString("id")).toList(), "ids: the time, the step and the call");
    assertEquals(25, told.get(2).getInteger("durationSeconds"));
    assertEquals(told.subList(1, 3), missed(client, told.get(0).getString("id")),
        "read back from the records: the same events, with the same ids");
    assertEquals(List.of(), missed(otherClient, told.get(0).getString("id")), "another client's are not its own");
    assertEquals(List.of(), missed(client, "not-an-event-id"));
  }

  /** A database of its own, with no schema yet. */
  abstract StorageSettings freshDatabase();

  @Test
  void callsStoredBeforeTheClientsWereKeyedByCallAreStillListedAfterTheUpgrade() {
    StorageSettings old = freshDatabase();
    Database.migrate(old, MigrationVersion.fromVersion("6"));
    String call = callSid();
    Pool pool = Database.pool(vertx, old, "before-the-upgrade", 1);
    pool.query("INSERT INTO calls (call_sid, direction, from_address, to_address, twilio_number, status, started_at)"
        + " VALUES ('" + call + "', 'incoming', '" + CALLER + "', '" + NUMBER + "', '" + NUMBER + "', 'completed',"
        + " TIMESTAMP WITH TIME ZONE '" + sqlTimestamp(RECENT_DAY.plus(10, ChronoUnit.HOURS)) + "')").execute().await();
    pool.query("INSERT INTO call_clients (client, call_sid, started_at) VALUES ('" + client + "', '" + call + "',"
        + " TIMESTAMP WITH TIME ZONE '" + sqlTimestamp(RECENT_DAY.plus(10, ChronoUnit.HOURS)) + "')").execute().await();
    pool.close().await();

    deploy(old);
    String later = callSid();
    store(leg(later, callSid(), "ringing", 1, RECENT_DAY.plus(11, ChronoUnit.HOURS), client));
    store(leg(later, callSid(), "ringing", 1, RECENT_DAY.plus(11, ChronoUnit.HOURS).plusSeconds(1), otherClient));

    List<CallRecord> listed = list(client, 10, Optional.empty()).calls();
    assertEquals(List.of(later, call), listed.stream().map(CallRecord::callSid).toList());
    assertEquals(List.of(client), listed.get(1).clients());
    assertEquals(List.of(client, otherClient).stream().sorted().toList(), listed.get(0).clients());
  }

  @Test
  void callsOlderThanTheRetentionAreDeleted() throws InterruptedException {
    String old = callSid();
    String recent = callSid();
    store(leg(old, callSid(), "completed", 3, Instant.now().minus(3, ChronoUnit.DAYS), client));
    store(leg(recent, callSid(), "completed", 3, Instant.now().minus(1, ChronoUnit.HOURS), client));

    // The retention job runs once started, then every hour.
    deploy(settings(2, 4_096));

    awaitTrue(() -> list(client, 10, Optional.empty()).calls().stream().map(CallRecord::callSid).toList()
        .equals(List.of(recent)), "only the recent call left");
    assertEquals(404, refusal(StorageAddresses.GET_CALL, new CallLookup(client, old)));
  }

  @Test
  void theRetentionDeletesEveryExpiredCallWhenMoreThanAChunkExpired() throws InterruptedException {
    Instant expired = Instant.now().minus(3, ChronoUnit.DAYS);
    List<Future<Object>> stored = new ArrayList<>();
    for (int i = 0; i < 2 * StorageVerticle.RETENTION_CHUNK + 1; i++) {
      stored.add(send(leg(callSid(), callSid(), "completed", 3, expired, client).toCallCallback()));
    }
    Future.all(stored).await();
    String recent = callSid();
    store(leg(recent, callSid(), "completed", 3, Instant.now().minus(1, ChronoUnit.HOURS), client));

    deploy(settings(2, 4_096));

    awaitTrue(() -> list(client, CallQuery.MAX_LIMIT, Optional.empty()).calls().stream().map(CallRecord::callSid)
        .toList().equals(List.of(recent)), "only the recent call left, past " + StorageVerticle.RETENTION_CHUNK);
  }

  @Test
  void pastTheQueueCallbacksAreRefusedAtOnceAndEveryAcknowledgedOneIsStored() {
    deploy(settings(90, 2));
    List<String> calls = new ArrayList<>();
    List<Future<Object>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String call = callSid();
      calls.add(call);
      replies.add(send(leg(call, callSid(), "ringing", 1, Instant.now(), client).toCallCallback()));
    }
    Future.join(replies).otherwiseEmpty().await();

    Set<String> acknowledged = new HashSet<>();
    int refused = 0;
    for (int i = 0; i < replies.size(); i++) {
      if (replies.get(i).succeeded()) {
        acknowledged.add(calls.get(i));
      } else {
        ReplyException failure = (ReplyException) replies.get(i).cause();
        assertEquals(503, failure.failureCode());
        assertEquals("store unavailable", failure.getMessage());
        refused++;
      }
    }
    assertTrue(refused > 0, "a full queue refuses");
    assertTrue(!acknowledged.isEmpty(), "the queue still takes what fits");
    Set<String> stored = new HashSet<>();
    list(client, 100, Optional.empty()).calls().forEach(call -> stored.add(call.callSid()));
    assertEquals(acknowledged, stored);
    assertEquals(refused, rejected("queue_full"));
  }

  /**
   * Whatever the order of delivery, however the callbacks fall into group commits, and whatever Twilio repeats: a
   * call reads back, in its page and alone, as {@link CallDerivation} derives it from its distinct events. Random
   * calls (rung legs that answer, miss or still ring, Dial actions, the parent's own status, times that tie),
   * shuffled, some callbacks repeated in the same commit or another, sent a commit's worth at a time.
   */
  @Test
  void anyDeliveryOfACallsCallbacksGivesTheCallItsEventsDerive() {
    deliverRandomCallsAndCheckEach(false);
  }

  /**
   * The same when the commits overlap: each commit's worth is sent a few milliseconds after the one before, without
   * waiting for its answer, so that on PostgreSQL the next commits start while the first still run, several touching
   * the same calls.
   */
  @Test
  void overlappingCommitsGiveEachCallItsEventsDerive() {
    int mostRunning = deliverRandomCallsAndCheckEach(true);
    if (settings(90, 4_096).isPostgres()) {
      assertTrue(mostRunning > 1, "commits running at once: " + mostRunning);
    } else {
      assertEquals(1, mostRunning, "H2 commits one at a time");
    }
  }

  /** Delivers random calls' callbacks; the most commits seen running at once. */
  private int deliverRandomCallsAndCheckEach(boolean overlapping) {
    AtomicInteger mostRunning = new AtomicInteger();
    long sampler = vertx.setPeriodic(1, id -> mostRunning.accumulateAndGet(
        (int) metrics.registry().get("switchboard.storage.commits.running").gauge().value(), Math::max));
    long seed = ThreadLocalRandom.current().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 3; round++) {
      Map<String, List<CallCallback>> calls = new HashMap<>();
      Map<String, String> clientOf = new HashMap<>();
      for (int i = 0; i < 12; i++) {
        String call = callSid();
        String firstClient = "client_" + hex(6);
        clientOf.put(call, firstClient);
        calls.put(call, randomCall(random, call, firstClient));
      }
      List<CallCallback> deliveries = new ArrayList<>();
      calls.values().forEach(deliveries::addAll);
      for (CallCallback callback : List.copyOf(deliveries)) {
        for (int repeat = random.nextInt(4) - 1; repeat > 0; repeat--) {
          deliveries.add(callback);
        }
      }
      Collections.shuffle(deliveries, random);
      List<Future<Object>> sent = new ArrayList<>();
      for (int from = 0; from < deliveries.size(); ) {
        int to = Math.min(deliveries.size(), from + 1 + random.nextInt(24));
        List<Future<Object>> commit = deliveries.subList(from, to).stream().map(this::send).toList();
        if (overlapping) {
          sent.addAll(commit);
          vertx.timer(3).await();
        } else {
          Future.all(commit).await();
        }
        from = to;
      }
      Future.all(sent).await();

      for (Map.Entry<String, List<CallCallback>> call : calls.entrySet()) {
        CallRecord expected = CallDerivation.derive(call.getKey(),
            call.getValue().stream().map(CallbackEvent::of).toList());
        String client = clientOf.get(call.getKey());
        assertEquals(expected, get(client, call.getKey()), "seed " + seed);
        CallRecord listed = list(client, 100, Optional.empty()).calls().stream()
            .filter(found -> found.callSid().equals(call.getKey())).findFirst().orElseThrow();
        assertEquals(withoutEvents(expected), listed, "seed " + seed);
      }
    }
    vertx.cancelTimer(sampler);
    return mostRunning.get();
  }

  /** A call's callbacks, each once: up to three legs, maybe the Dial action's outcome, maybe the parent's status. */
  private static List<CallCallback> randomCall(Random random, String call, String firstClient) {
    Instant start = RECENT_DAY.plus(10, ChronoUnit.HOURS).plusSeconds(random.nextInt(1_000));
    List<Callback> callbacks = new ArrayList<>();
    List<String> legs = new ArrayList<>();
    int legCount = 1 + random.nextInt(3);
    for (int i = 0; i < legCount; i++) {
      String leg = callSid();
      legs.add(leg);
      String client = i == 0 ? firstClient : "client_" + hex(6);
      List<String> statuses = new ArrayList<>(List.of("initiated", "ringing"));
      switch (random.nextInt(5)) {
        case 0, 1 -> statuses.addAll(List.of("in-progress", "completed"));
        case 2 -> statuses.add("no-answer");
        case 3 -> statuses.add(random.nextBoolean() ? "busy" : "canceled");
        default -> { }
      }
      // Few distinct seconds: events of different legs often share a Timestamp, as Twilio's are whole seconds.
      int second = 0;
      for (int sequence = 0; sequence < statuses.size(); sequence++) {
        second += random.nextInt(3);
        Callback event = leg(call, legs.get(i), statuses.get(sequence), sequence, start.plusSeconds(second), client);
        callbacks.add(statuses.get(sequence).equals("completed") ? event.with("CallDuration", "" + second) : event);
      }
    }
    if (random.nextBoolean()) {
      List<String> outcomes = List.of("answered", "completed", "no-answer", "busy", "failed", "canceled");
      callbacks.add(dialAction(call, random.nextInt(4) == 0 ? "" : legs.get(random.nextInt(legs.size())),
          outcomes.get(random.nextInt(outcomes.size())), "" + random.nextInt(60), firstClient));
    }
    if (random.nextBoolean()) {
      List<String> statuses = List.of("completed", "completed", "canceled", "no-answer");
      callbacks.add(parent(call, statuses.get(random.nextInt(statuses.size())),
          start.plusSeconds(random.nextInt(90)), "" + random.nextInt(90)));
    }
    return callbacks.stream().map(Callback::toCallCallback).toList();
  }

  private static CallRecord withoutEvents(CallRecord call) {
    return new CallRecord(call.callSid(), call.direction(), call.from(), call.to(), call.twilioNumber(),
        call.clients(), call.status(), call.startedAt(), call.ringingAt(), call.answeredAt(), call.endedAt(),
        call.durationSeconds(), call.answeredBy(), List.of());
  }

  double rejected(String reason) {
    Counter counter = metrics.registry().find("switchboard.storage.callbacks.rejected").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  // ---- the bus

  void store(Callback callback) {
    assertEquals("stored", send(callback.toCallCallback()).await());
  }

  /** Sends a callback to the store, as the HTTP verticle does: its reply once committed, or the refusal. */
  Future<Object> send(CallCallback callback) {
    return vertx.eventBus().request(StorageAddresses.RECORD_CALLBACK, callback).map(Message::body);
  }

  CallRecord get(String client, String call) {
    return (CallRecord) vertx.eventBus().request(StorageAddresses.GET_CALL, new CallLookup(client, call)).await()
        .body();
  }

  CallPage list(String client, int limit, Optional<String> cursor) {
    return (CallPage) vertx.eventBus().request(StorageAddresses.LIST_CALLS, new CallQuery(client, limit, cursor))
        .await().body();
  }

  List<JsonObject> missed(String client, String lastEventId) {
    JsonArray events = (JsonArray) vertx.eventBus()
        .request(StorageAddresses.EVENTS_SINCE, new EventsSince(client, lastEventId)).await().body();
    return events.stream().map(JsonObject.class::cast).toList();
  }

  int refusal(String address, Object message) {
    ReplyException failure = assertThrows(ReplyException.class,
        () -> vertx.eventBus().request(address, message).await());
    return failure.failureCode();
  }

  // ---- callbacks as Twilio sends them

  /** A callback's form and query, changed one value at a time. */
  record Callback(Kind kind, Map<String, String> form, Map<String, String> query) {

    Callback with(String name, String value) {
      Map<String, String> changed = new HashMap<>(form);
      changed.put(name, value);
      return new Callback(kind, changed, query);
    }

    CallCallback toCallCallback() {
      return CallCallback.from(kind, new CallParameters(form), query);
    }
  }

  /** A {@code <Client>} leg's status callback of an incoming call to {@link #NUMBER} from {@link #CALLER}. */
  static Callback leg(String call, String leg, String status, int sequence, Instant at, String client) {
    Map<String, String> form = new HashMap<>(Map.of(
        "CallSid", leg, "ParentCallSid", call, "CallStatus", status, "SequenceNumber", Integer.toString(sequence),
        "Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)),
        "From", CALLER, "To", "client:" + client, "Direction", "outbound-dial", "CallbackSource", "call-progress-events"));
    return new Callback(Kind.LEG_STATUS, form, Map.of("direction", "incoming", "number", NUMBER, "client", client));
  }

  static Callback dialAction(String call, String leg, String status, String duration, String client) {
    Map<String, String> form = new HashMap<>(Map.of(
        "CallSid", call, "DialCallSid", leg, "DialCallStatus", status, "DialCallDuration", duration,
        "CallStatus", "in-progress", "From", CALLER, "To", NUMBER, "Direction", "inbound"));
    return new Callback(Kind.DIAL_ACTION, form, Map.of("direction", "incoming", "number", NUMBER, "client", client));
  }

  /** The parent call's own status callback, set on the number: no query. */
  static Callback parent(String call, String status, Instant at, String duration) {
    Map<String, String> form = new HashMap<>(Map.of(
        "CallSid", call, "CallStatus", status, "CallDuration", duration,
        "Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)),
        "From", CALLER, "To", NUMBER, "Direction", "inbound"));
    return new Callback(Kind.CALL_STATUS, form, Map.of());
  }

  static String callSid() {
    return "CA" + hex(16);
  }

  static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** An instant as a SQL timestamp literal both databases read. */
  private static String sqlTimestamp(Instant at) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00'").format(at.atOffset(ZoneOffset.UTC));
  }
}
