package io.switchboard.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The client events ({@link ClientEvents}) as the records tell them afterwards: what a stream missed since an
 * event, and the voicemails a commit just stored as each of their clients lists them. No table of its own: the
 * calls and voicemails are the log.
 */
final class EventLog {

  /** At most this many missed events are sent; a page away for longer reads its history. */
  static final int MAX_MISSED = 500;
  /** How far back a {@code Last-Event-ID} is honoured. */
  static final Duration HORIZON = Duration.ofDays(1);
  /**
   * A call can end this long after it started (Twilio's longest call is four hours): a call that started earlier
   * than the last event by more than this cannot have moved since, so the client's range of call_clients is read
   * from there, not from its first call.
   */
  private static final Duration LONGEST_CALL = Duration.ofHours(5);
  private static final String CALLS = "SELECT " + CallStore.CALL_COLUMNS
      + " FROM call_clients cc JOIN calls c ON c.call_sid = cc.call_sid"
      + " WHERE cc.client = #{client} AND cc.started_at >= #{startedFrom}"
      + " AND (c.ringing_at >= #{since} OR c.answered_at >= #{since} OR c.ended_at >= #{since})"
      + " ORDER BY cc.started_at, cc.call_sid LIMIT #{limit}";
  private static final String VOICEMAIL_COLUMNS = "v.client, v.recording_sid, v.call_sid,"
      + " COALESCE(NULLIF(v.caller, ''), c.from_address, '') AS caller, v.twilio_number, v.received_at,"
      + " v.duration_seconds, v.heard FROM voicemails v LEFT JOIN calls c ON c.call_sid = v.call_sid";
  private static final String VOICEMAILS_SINCE = "SELECT " + VOICEMAIL_COLUMNS
      + " WHERE v.client = #{client} AND v.received_at >= #{since} AND NOT v.deleted"
      + " ORDER BY v.received_at, v.recording_sid LIMIT #{limit}";
  private static final String VOICEMAILS_OF_RECORDINGS = "SELECT " + VOICEMAIL_COLUMNS
      + " WHERE v.recording_sid = ANY(#{recordingSids}) AND NOT v.deleted";

  /** A voicemail and the client whose it is. */
  record ClientVoicemail(String client, Voicemail voicemail) {
  }

  private final Pool pool;

  EventLog(Pool pool) {
    this.pool = pool;
  }

  /** The events after {@code query.lastEventId()}, oldest first; none for an id that is not one of ours. */
  Future<List<JsonObject>> since(EventsSince query) {
    Optional<Instant> last = ClientEvents.timeOf(query.lastEventId());
    if (last.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Instant since = last.get().isBefore(Instant.now().minus(HORIZON)) ? Instant.now().minus(HORIZON) : last.get();
    Map<String, Object> parameters = Map.of("client", query.client(), "since", CallStore.timestamp(since),
        "startedFrom", CallStore.timestamp(since.minus(LONGEST_CALL)), "limit", MAX_MISSED);
    Future<List<JsonObject>> calls = SqlTemplate.forQuery(pool, CALLS).execute(parameters).map(rows -> {
      List<JsonObject> events = new ArrayList<>();
      rows.forEach(row -> events.addAll(ClientEvents.history(CallStore.callRecord(row, Map.of()))));
      return events;
    });
    Future<List<JsonObject>> voicemails = SqlTemplate.forQuery(pool, VOICEMAILS_SINCE).execute(parameters)
        .map(rows -> voicemails(rows).stream().map(found -> ClientEvents.voicemail(found.voicemail())).toList());
    return Future.all(calls, voicemails).map(both -> Stream.concat(calls.result().stream(),
            voicemails.result().stream())
        .filter(event -> event.getString("id").compareTo(query.lastEventId()) > 0)
        .sorted(Comparator.comparing(event -> event.getString("id")))
        .limit(MAX_MISSED)
        .toList());
  }

  /** The voicemails of {@code recordingSids}, once for each client whose they are. */
  Future<List<ClientVoicemail>> voicemailsOf(List<String> recordingSids) {
    if (recordingSids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return SqlTemplate.forQuery(pool, VOICEMAILS_OF_RECORDINGS)
        .execute(Map.of("recordingSids", recordingSids.toArray(String[]::new)))
        .map(EventLog::voicemails);
  }

  private static List<ClientVoicemail> voicemails(Iterable<Row> rows) {
    List<ClientVoicemail> found = new ArrayList<>();
    for (Row row : rows) {
      found.add(new ClientVoicemail(row.getString("client"), new Voicemail(row.getString("recording_sid"),
          row.getString("call_sid"), row.getString("caller"), row.getString("twilio_number"),
          CallStore.instant(row.getValue("received_at")), row.getInteger("duration_seconds"),
          row.getBoolean("heard"))));
    }
    return found;
  }
}
