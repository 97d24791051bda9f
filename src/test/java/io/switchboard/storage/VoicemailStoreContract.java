package io.switchboard.storage;

import io.switchboard.events.EventAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static io.switchboard.storage.StorageContract.CALLER;
import static io.switchboard.storage.StorageContract.NUMBER;
import static io.switchboard.storage.StorageContract.callSid;
import static io.switchboard.storage.StorageContract.hex;
import static io.switchboard.storage.StorageContract.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The voicemails through the store's bus addresses, the same on every database: each subclass names one. Fresh
 * client names and SIDs in every test, so tests sharing a database do not see each other's voicemails.
 */
abstract class VoicemailStoreContract extends StoreUnderTest {

  final String laptop = "client_" + hex(6);
  final String phone = "client_" + hex(6);
  final String stranger = "client_" + hex(6);

  @Test
  void aCompletedRecordingIsAVoicemailOfEachOfTheNumbersClientsAndOfNoOneElse() {
    String call = callSid();
    String recording = recordingSid();
    Instant received = RECENT_DAY.plus(Duration.ofHours(32).plusMinutes(30)).plusNanos(123_456_000);

    store(recording(call, recording, "completed", "14", received));

    Voicemail expected = new Voicemail(recording, call, CALLER, NUMBER, received, 14, false);
    assertEquals(List.of(expected), list(laptop, 10, Optional.empty()).voicemails());
    assertEquals(List.of(expected), list(phone, 10, Optional.empty()).voicemails());
    assertEquals(List.of(), list(stranger, 10, Optional.empty()).voicemails());
  }

  @Test
  void anAbsentOrShorterThanASecondRecordingIsStoredButIsNoVoicemail() {
    store(recording(callSid(), recordingSid(), "absent", "0", Instant.now()));
    store(recording(callSid(), recordingSid(), "absent", "", Instant.now()));
    store(recording(callSid(), recordingSid(), "completed", "0", Instant.now()));
    store(recording(callSid(), recordingSid(), "completed", "-1", Instant.now()));
    store(recording(callSid(), recordingSid(), "in-progress", "30", Instant.now()));

    assertEquals(List.of(), list(laptop, 10, Optional.empty()).voicemails());
  }

  @Test
  void aRepeatedCallbackChangesNothing() {
    String call = callSid();
    String recording = recordingSid();
    Instant first = RECENT_DAY.plus(Duration.ofHours(32).plusMinutes(30));
    store(recording(call, recording, "completed", "9", first));
    store(recording(call, recording, "completed", "9", first.plusSeconds(60)));
    store(recording(call, recording, "completed", "9", first.plusSeconds(120)));

    List<Voicemail> stored = list(laptop, 10, Optional.empty()).voicemails();
    assertEquals(List.of(first), stored.stream().map(Voicemail::receivedAt).toList());
  }

  @Test
  void pagesGoNewestFirstAndTheCursorLeadsThroughAllVoicemailsOnce() {
    List<String> newestFirst = new ArrayList<>();
    Instant start = RECENT_DAY;
    for (int i = 0; i < 7; i++) {
      String recording = recordingSid();
      newestFirst.add(0, recording);
      // Two arrive in the same microsecond: the id orders them, and neither is lost between pages.
      store(recording(callSid(), recording, "completed", "5", start.plusSeconds(i == 3 ? 2 : i)));
    }
    List<String> sameSecond = newestFirst.subList(3, 5);
    if (sameSecond.get(0).compareTo(sameSecond.get(1)) < 0) {
      sameSecond.add(sameSecond.remove(0));
    }

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      VoicemailPage page = list(laptop, 3, cursor);
      sizes.add(page.voicemails().size());
      page.voicemails().forEach(voicemail -> seen.add(voicemail.id()));
      cursor = page.next();
    } while (cursor.isPresent() && sizes.size() < 10);

    assertEquals(List.of(3, 3, 1), sizes);
    assertEquals(newestFirst, seen);
  }

  @Test
  void aBadCursorOrLimitIsRefused() {
    assertEquals(400, refusal(StorageAddresses.LIST_VOICEMAILS,
        new VoicemailQuery(laptop, 10, Optional.of("not a cursor"))));
    assertEquals(400, refusal(StorageAddresses.LIST_VOICEMAILS, new VoicemailQuery(laptop, 0, Optional.empty())));
    assertEquals(400, refusal(StorageAddresses.LIST_VOICEMAILS, new VoicemailQuery(laptop, 101, Optional.empty())));
  }

  @Test
  void aCallbackThatLacksWhatItNeedsIsRefusedAndStoresNothing() {
    String call = callSid();
    List<RecordingCallback> bad = List.of(
        recording("CA-not-a-sid", recordingSid(), "completed", "5", Instant.now()),
        recording(call, "RE-not-a-sid", "completed", "5", Instant.now()),
        recording(call, recordingSid(), "exploded", "5", Instant.now()),
        recording(call, recordingSid(), "completed", "five", Instant.now()),
        withUrl(recording(call, recordingSid(), "completed", "5", Instant.now()), "http://example.invalid/a.wav"));
    for (RecordingCallback callback : bad) {
      assertEquals(400, refusal(StorageAddresses.RECORD_RECORDING, callback), callback.toString());
    }
    assertEquals(List.of(), list(laptop, 10, Optional.empty()).voicemails());
  }

  @Test
  void theCallThatWentToVoicemailSaysSoAndLendsItsCallerWhenTheCallbackNamesNone() {
    String call = callSid();
    String unanswered = callSid();
    storeCall(leg(call, callSid(), "no-answer", 2, Instant.now(), laptop));
    storeCall(leg(unanswered, callSid(), "no-answer", 2, Instant.now(), laptop));
    String recording = recordingSid();
    store(withCaller(recording(call, recording, "completed", "7", Instant.now()), ""));

    Map<String, String> voicemailOfCall = new java.util.HashMap<>();
    CallPage calls = (CallPage) vertx.eventBus().request(StorageAddresses.LIST_CALLS,
        new CallQuery(laptop, 10, Optional.empty())).await().body();
    calls.calls().forEach(found -> voicemailOfCall.put(found.callSid(), String.valueOf(found.voicemail())));
    assertEquals(Map.of(call, recording, unanswered, "null"), voicemailOfCall);
    CallRecord one = (CallRecord) vertx.eventBus().request(StorageAddresses.GET_CALL,
        new CallLookup(laptop, call)).await().body();
    assertEquals(recording, one.voicemail());
    CallRecord other = (CallRecord) vertx.eventBus().request(StorageAddresses.GET_CALL,
        new CallLookup(laptop, unanswered)).await().body();
    assertNull(other.voicemail());

    assertEquals(CALLER, list(laptop, 10, Optional.empty()).voicemails().get(0).from());
  }

  @Test
  void voicemailsOlderThanTheRetentionAreDeleted() throws InterruptedException {
    String old = recordingSid();
    String recent = recordingSid();
    store(recording(callSid(), old, "completed", "5", Instant.now().minus(3, ChronoUnit.DAYS)));
    store(recording(callSid(), recent, "completed", "5", Instant.now().minus(1, ChronoUnit.HOURS)));

    // The retention job runs once started, then every hour.
    deploy(settings(2, 4_096));

    awaitTrue(() -> list(laptop, 10, Optional.empty()).voicemails().stream().map(Voicemail::id).toList()
        .equals(List.of(recent)), "only the recent voicemail left");
  }

  @Test
  void heardIsEachClientsOwnAndTheUnheardCountFollowsIt() {
    String first = recordingSid();
    String second = recordingSid();
    store(recording(callSid(), first, "completed", "5", Instant.now().minusSeconds(10)));
    store(recording(callSid(), second, "completed", "5", Instant.now()));
    assertEquals(2, list(laptop, 10, Optional.empty()).unheard());

    assertEquals("heard", request(StorageAddresses.MARK_HEARD, new VoicemailLookup(laptop, first)));
    assertEquals("heard", request(StorageAddresses.MARK_HEARD, new VoicemailLookup(laptop, first)));

    VoicemailPage laptops = list(laptop, 1, Optional.empty());
    assertEquals(1, laptops.unheard(), "counted over every page, not the one listed");
    assertEquals(Map.of(first, true, second, false), heardById(list(laptop, 10, Optional.empty())));
    assertEquals(Map.of(first, false, second, false), heardById(list(phone, 10, Optional.empty())));
    assertEquals(2, list(phone, 10, Optional.empty()).unheard());
    assertEquals(true, ((Voicemail) request(StorageAddresses.FIND_VOICEMAIL, new VoicemailLookup(laptop, first)))
        .heard());
  }

  @Test
  void aDeletedVoicemailIsGoneForItsClientOnlyAndARepeatedCallbackDoesNotBringItBack() {
    String call = callSid();
    String recording = recordingSid();
    RecordingCallback callback = recording(call, recording, "completed", "5", Instant.now());
    store(callback);

    VoicemailDeleted deleted = (VoicemailDeleted) request(StorageAddresses.DELETE_VOICEMAIL,
        new VoicemailLookup(laptop, recording));
    store(callback);

    assertEquals(new VoicemailDeleted(recording, false), deleted, "the phone keeps it");
    assertEquals(List.of(), list(laptop, 10, Optional.empty()).voicemails());
    assertEquals(0, list(laptop, 10, Optional.empty()).unheard());
    assertEquals(List.of(recording), list(phone, 10, Optional.empty()).voicemails().stream().map(Voicemail::id)
        .toList());
    for (String address : List.of(StorageAddresses.FIND_VOICEMAIL, StorageAddresses.MARK_HEARD,
        StorageAddresses.DELETE_VOICEMAIL)) {
      assertEquals(404, refusal(address, new VoicemailLookup(laptop, recording)), address);
    }
    assertEquals(new VoicemailDeleted(recording, true),
        request(StorageAddresses.DELETE_VOICEMAIL, new VoicemailLookup(phone, recording)), "the last copy");
    storeCall(leg(call, callSid(), "no-answer", 2, Instant.now(), laptop));
    CallRecord inHistory = (CallRecord) request(StorageAddresses.GET_CALL, new CallLookup(laptop, call));
    assertNull(inHistory.voicemail(), "the call's marker goes with the voicemail");
  }

  @Test
  void heardAndDeletedAreToldToTheClientsPagesAndToNoOtherClient() {
    List<JsonObject> toLaptop = new CopyOnWriteArrayList<>();
    List<JsonObject> toPhone = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(EventAddresses.client(laptop), event -> toLaptop.add(event.body()))
        .completion().await();
    vertx.eventBus().<JsonObject>consumer(EventAddresses.client(phone), event -> toPhone.add(event.body()))
        .completion().await();
    String recording = recordingSid();
    store(recording(callSid(), recording, "completed", "5", Instant.now()));
    waitFor(() -> toLaptop.size() == 1 && toPhone.size() == 1);

    request(StorageAddresses.MARK_HEARD, new VoicemailLookup(laptop, recording));
    request(StorageAddresses.DELETE_VOICEMAIL, new VoicemailLookup(laptop, recording));
    refusal(StorageAddresses.DELETE_VOICEMAIL, new VoicemailLookup(laptop, recording));
    waitFor(() -> toLaptop.size() == 3);

    assertEquals(List.of("voicemail.new", "voicemail.heard", "voicemail.deleted"),
        toLaptop.stream().map(event -> event.getString("type")).toList());
    for (JsonObject told : toLaptop.subList(1, 3)) {
      assertEquals(recording, told.getString("voicemailId"));
      assertNull(told.getString("id"), "not in the records' history: no id to resume from");
    }
    vertx.timer(200).await();
    assertEquals(3, toLaptop.size(), "a refused delete tells nothing");
    assertEquals(List.of("voicemail.new"), toPhone.stream().map(event -> event.getString("type")).toList(),
        "the phone's copy is its own");
  }

  private void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      vertx.timer(20).await();
    }
    assertTrue(condition.getAsBoolean(), "the events in time");
  }

  @Test
  void anotherClientsVoicemailIsNotFoundWhateverIsAskedOfIt() {
    String recording = recordingSid();
    store(recording(callSid(), recording, "completed", "5", Instant.now()));

    for (String address : List.of(StorageAddresses.FIND_VOICEMAIL, StorageAddresses.MARK_HEARD,
        StorageAddresses.DELETE_VOICEMAIL)) {
      assertEquals(404, refusal(address, new VoicemailLookup(stranger, recording)), address);
      assertEquals(404, refusal(address, new VoicemailLookup(laptop, recordingSid())), address);
    }
    assertEquals(List.of(false), list(laptop, 10, Optional.empty()).voicemails().stream().map(Voicemail::heard)
        .toList());
  }

  @Test
  void twoClientsDeletingAtOnceLeaveExactlyOneLastCopy() {
    for (int round = 0; round < 5; round++) {
      String recording = recordingSid();
      store(recording(callSid(), recording, "completed", "5", Instant.now()));

      Future<Message<Object>> byLaptop = vertx.eventBus().request(StorageAddresses.DELETE_VOICEMAIL,
          new VoicemailLookup(laptop, recording));
      Future<Message<Object>> byPhone = vertx.eventBus().request(StorageAddresses.DELETE_VOICEMAIL,
          new VoicemailLookup(phone, recording));
      Future.all(byLaptop, byPhone).await();

      assertEquals(1, List.of(byLaptop, byPhone).stream()
          .filter(reply -> ((VoicemailDeleted) reply.result().body()).lastCopy()).count(), "round " + round);
    }
  }

  // ---- the bus

  Object request(String address, Object message) {
    return vertx.eventBus().request(address, message).await().body();
  }

  static Map<String, Boolean> heardById(VoicemailPage page) {
    return page.voicemails().stream().collect(java.util.stream.Collectors.toMap(Voicemail::id, Voicemail::heard));
  }

  void store(RecordingCallback callback) {
    assertEquals("stored", vertx.eventBus().request(StorageAddresses.RECORD_RECORDING, callback).await().body());
  }

  void storeCall(StorageContract.Callback callback) {
    assertEquals("stored", vertx.eventBus().request(StorageAddresses.RECORD_CALLBACK, callback.toCallCallback())
        .await().body());
  }

  VoicemailPage list(String client, int limit, Optional<String> cursor) {
    return (VoicemailPage) vertx.eventBus().request(StorageAddresses.LIST_VOICEMAILS,
        new VoicemailQuery(client, limit, cursor)).await().body();
  }

  int refusal(String address, Object message) {
    ReplyException failure = assertThrows(ReplyException.class,
        () -> vertx.eventBus().request(address, message).await());
    return failure.failureCode();
  }

  // ---- callbacks as the route makes them

  /** A recording of a call to {@link StorageContract#NUMBER}, whose entry rings {@link #laptop} and {@link #phone}. */
  RecordingCallback recording(String call, String recording, String status, String duration, Instant received) {
    return new RecordingCallback(call, recording, "https://recordings.test/" + recording, status, duration,
        "incoming", NUMBER, CALLER, List.of(laptop, phone), received);
  }

  static RecordingCallback withUrl(RecordingCallback callback, String url) {
    return new RecordingCallback(callback.callSid(), callback.recordingSid(), url, callback.status(),
        callback.duration(), callback.direction(), callback.twilioNumber(), callback.caller(), callback.clients(),
        callback.receivedAt());
  }

  static RecordingCallback withCaller(RecordingCallback callback, String caller) {
    return new RecordingCallback(callback.callSid(), callback.recordingSid(), callback.recordingUrl(),
        callback.status(), callback.duration(), callback.direction(), callback.twilioNumber(), caller,
        callback.clients(), callback.receivedAt());
  }

  static String recordingSid() {
    return "RE" + hex(16);
  }
}
