package io.switchboard.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the voicemails ({@code V3__voicemails.sql}), on the call records' pool: one text for both databases,
 * like {@link CallStore}'s.
 */
final class VoicemailStore {

  private static final String INSERT_EVENT = """
      INSERT INTO recording_events (recording_sid, status, call_sid, recording_url, duration_seconds, twilio_number,
        caller, voicemail, received_at)
      VALUES (#{recordingSid}, #{status}, #{callSid}, #{recordingUrl}, #{durationSeconds}, #{twilioNumber},
        #{caller}, #{voicemail}, #{receivedAt})
      ON CONFLICT DO NOTHING""";
  private static final String INSERT_VOICEMAIL = """
      INSERT INTO voicemails (client, recording_sid, call_sid, caller, twilio_number, duration_seconds, received_at)
      VALUES (#{client}, #{recordingSid}, #{callSid}, #{caller}, #{twilioNumber}, #{durationSeconds}, #{receivedAt})
      ON CONFLICT DO NOTHING""";
  /** The caller from the callback's URL, else from the call record. */
  private static final String SELECT = """
      SELECT v.recording_sid, v.call_sid, COALESCE(NULLIF(v.caller, ''), c.from_address, '') AS caller,
        v.twilio_number, v.received_at, v.duration_seconds, v.heard
      FROM voicemails v LEFT JOIN calls c ON c.call_sid = v.call_sid
      WHERE v.client = #{client} AND NOT v.deleted""";
  private static final String PAGE = SELECT + """
      %s
      ORDER BY v.received_at DESC, v.recording_sid DESC LIMIT #{limit}""";
  private static final String ONE = SELECT + " AND v.recording_sid = #{recordingSid}";
  private static final String UNHEARD =
      "SELECT COUNT(*) AS unheard FROM voicemails WHERE client = #{client} AND NOT heard AND NOT deleted";
  private static final String MARK_HEARD = "UPDATE voicemails SET heard = TRUE"
      + " WHERE client = #{client} AND recording_sid = #{recordingSid} AND NOT deleted";
  /** Locks the recording's rows, so that of two clients deleting it at once, the second sees the first's delete. */
  private static final String LOCK_RECORDING =
      "SELECT client FROM voicemails WHERE recording_sid = #{recordingSid} FOR UPDATE";
  private static final String MARK_DELETED = "UPDATE voicemails SET deleted = TRUE"
      + " WHERE client = #{client} AND recording_sid = #{recordingSid} AND NOT deleted";
  private static final String KEPT =
      "SELECT COUNT(*) AS kept FROM voicemails WHERE recording_sid = #{recordingSid} AND NOT deleted";
  private static final String AFTER_CURSOR = " AND (v.received_at < #{receivedAt}"
      + " OR (v.received_at = #{receivedAt} AND v.recording_sid < #{recordingSid}))";
  /** The client's own voicemails that it has not deleted: a marker of another's, or of a deleted one, leads nowhere. */
  private static final String VOICEMAILS_OF_CALLS = "SELECT call_sid, recording_sid FROM voicemails"
      + " WHERE client = #{client} AND NOT deleted AND call_sid = ANY(#{callSids})";

  private final Pool pool;

  VoicemailStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores {@code events}, and each voicemail among them for each of its clients, in one transaction: committed
   * when the future succeeds. A repeated callback inserts nothing.
   */
  Future<Void> store(List<RecordingEvent> events) {
    // In key order: on PostgreSQL several commits run at once, and two inserting the same keys in opposite orders
    // could deadlock, which would fail a commit and mark the store down.
    List<RecordingEvent> ordered = events.stream()
        .sorted(Comparator.comparing(RecordingEvent::recordingSid).thenComparing(RecordingEvent::status)).toList();
    // By client, then (the sort is stable) by recording: the voicemails' key.
    List<Map<String, Object>> voicemails = ordered.stream().filter(RecordingEvent::isVoicemail)
        .flatMap(event -> event.clients().stream().map(client -> Map.entry(client, event)))
        .sorted(Map.Entry.comparingByKey())
        .map(row -> voicemailParameters(row.getValue(), row.getKey()))
        .toList();
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, INSERT_EVENT)
        .executeBatch(ordered.stream().map(VoicemailStore::eventParameters).toList())
        .compose(inserted -> voicemails.isEmpty() ? Future.succeededFuture()
            : SqlTemplate.forUpdate(connection, INSERT_VOICEMAIL).executeBatch(voicemails))
        .mapEmpty());
  }

  Future<VoicemailPage> list(VoicemailQuery query, Optional<PageCursor> after) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("client", query.client());
    parameters.put("limit", query.limit() + 1);
    after.ifPresent(cursor -> {
      parameters.put("receivedAt", CallStore.timestamp(cursor.at()));
      parameters.put("recordingSid", cursor.sid());
    });
    String sql = PAGE.formatted(after.isPresent() ? AFTER_CURSOR : "");
    Future<Integer> unheard = SqlTemplate.forQuery(pool, UNHEARD).execute(Map.of("client", query.client()))
        .map(rows -> rows.iterator().next().getLong("unheard").intValue());
    return SqlTemplate.forQuery(pool, sql).execute(parameters).compose(rows -> unheard.map(count -> {
      List<Voicemail> found = new ArrayList<>();
      rows.forEach(row -> found.add(voicemail(row)));
      List<Voicemail> page = found.subList(0, Math.min(found.size(), query.limit()));
      Optional<String> next = found.size() > query.limit()
          ? Optional.of(page.get(page.size() - 1)).map(last -> new PageCursor(last.receivedAt(), last.id()).encode())
          : Optional.empty();
      return new VoicemailPage(page, next, count);
    }));
  }

  /** The client's voicemail, unless it is not the client's or the client deleted it. */
  Future<Optional<Voicemail>> find(VoicemailLookup lookup) {
    return SqlTemplate.forQuery(pool, ONE).execute(parameters(lookup))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(voicemail(rows.iterator().next())));
  }

  /** Marks the client's voicemail heard: false when it has no such voicemail (or deleted it). */
  Future<Boolean> markHeard(VoicemailLookup lookup) {
    // In a transaction, as every write here: on H2, a write outside one was not seen by the pool's other connections.
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, MARK_HEARD).execute(parameters(lookup)))
        .map(updated -> updated.rowCount() > 0);
  }

  /**
   * Marks the client's voicemail deleted, in one transaction with the count of the clients that still keep the
   * recording; empty when the client has no such voicemail (or deleted it already).
   */
  Future<Optional<VoicemailDeleted>> delete(VoicemailLookup lookup) {
    Map<String, Object> parameters = parameters(lookup);
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, LOCK_RECORDING).execute(parameters)
        .compose(locked -> SqlTemplate.forUpdate(connection, MARK_DELETED).execute(parameters))
        .compose(deleted -> deleted.rowCount() == 0 ? Future.succeededFuture(Optional.empty())
            : SqlTemplate.forQuery(connection, KEPT).execute(parameters).map(rows -> Optional.of(
                new VoicemailDeleted(lookup.recordingSid(), rows.iterator().next().getLong("kept") == 0)))));
  }

  private static Map<String, Object> parameters(VoicemailLookup lookup) {
    return Map.of("client", lookup.client(), "recordingSid", lookup.recordingSid());
  }

  private static Voicemail voicemail(Row row) {
    return new Voicemail(row.getString("recording_sid"), row.getString("call_sid"), row.getString("caller"),
        row.getString("twilio_number"), CallStore.instant(row.getValue("received_at")),
        row.getInteger("duration_seconds"), row.getBoolean("heard"));
  }

  /** {@code calls}, each with the id of {@code client}'s voicemail left on it, if one was and the client keeps it. */
  Future<List<CallRecord>> withVoicemails(String client, List<CallRecord> calls) {
    if (calls.isEmpty()) {
      return Future.succeededFuture(calls);
    }
    String[] callSids = calls.stream().map(CallRecord::callSid).toArray(String[]::new);
    Map<String, Object> parameters = Map.of("client", client, "callSids", callSids);
    return SqlTemplate.forQuery(pool, VOICEMAILS_OF_CALLS).execute(parameters).map(rows -> {
      Map<String, String> voicemails = new HashMap<>();
      rows.forEach(row -> voicemails.merge(row.getString("call_sid"), row.getString("recording_sid"),
          (first, second) -> first.compareTo(second) <= 0 ? first : second));
      return calls.stream().map(call -> call.withVoicemail(voicemails.get(call.callSid()))).toList();
    });
  }

  /** Deletes the recordings received before {@code cutoff}, voicemails with them; the number of voicemails. */
  Future<Integer> deleteReceivedBefore(Instant cutoff) {
    Map<String, Object> parameters = Map.of("cutoff", CallStore.timestamp(cutoff));
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "DELETE FROM recording_events WHERE received_at < #{cutoff}").execute(parameters)
        .compose(events -> SqlTemplate.forUpdate(connection, "DELETE FROM voicemails WHERE received_at < #{cutoff}")
            .execute(parameters))
        .map(voicemails -> voicemails.rowCount()));
  }

  private static Map<String, Object> eventParameters(RecordingEvent event) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("recordingSid", event.recordingSid());
    parameters.put("status", event.status());
    parameters.put("callSid", event.callSid());
    parameters.put("recordingUrl", event.recordingUrl());
    parameters.put("durationSeconds", event.durationSeconds());
    parameters.put("twilioNumber", event.twilioNumber());
    parameters.put("caller", event.caller());
    parameters.put("voicemail", event.isVoicemail());
    parameters.put("receivedAt", CallStore.timestamp(event.receivedAt()));
    return parameters;
  }

  private static Map<String, Object> voicemailParameters(RecordingEvent event, String client) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("client", client);
    parameters.put("recordingSid", event.recordingSid());
    parameters.put("callSid", event.callSid());
    parameters.put("caller", event.caller());
    parameters.put("twilioNumber", event.twilioNumber());
    parameters.put("durationSeconds", event.durationSeconds());
    parameters.put("receivedAt", CallStore.timestamp(event.receivedAt()));
    return parameters;
  }
}
