package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.switchboard.storage.CallCallback.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL of the call records, over the pool this class owns: one text for both databases ({@link SqlTemplate}'s named
 * parameters become each client's placeholders), except the writes of a commit, which run as each database runs a
 * batch best ({@link BatchWrite}).
 */
final class CallStore {

  private static final List<BatchWrite.Column> EVENT_COLUMNS = List.of(BatchWrite.text("call_sid", "callSid"),
      BatchWrite.text("leg_sid", "legSid"), BatchWrite.text("kind", "kind"), BatchWrite.text("status", "status"),
      BatchWrite.integer("sequence_number", "sequenceNumber"), BatchWrite.timestamp("occurred_at", "at"),
      BatchWrite.text("from_address", "from"), BatchWrite.text("to_address", "to"),
      BatchWrite.integer("duration_seconds", "durationSeconds"), BatchWrite.text("direction", "direction"),
      BatchWrite.text("twilio_number", "twilioNumber"), BatchWrite.text("client", "client"));
  private static final List<BatchWrite.Column> CALL_COLUMNS_WRITTEN = List.of(BatchWrite.text("call_sid", "callSid"),
      BatchWrite.text("direction", "direction"), BatchWrite.text("from_address", "from"),
      BatchWrite.text("to_address", "to"), BatchWrite.text("twilio_number", "twilioNumber"),
      BatchWrite.text("status", "status"), BatchWrite.timestamp("started_at", "startedAt"),
      BatchWrite.timestamp("ringing_at", "ringingAt"), BatchWrite.timestamp("answered_at", "answeredAt"),
      BatchWrite.timestamp("ended_at", "endedAt"), BatchWrite.integer("duration_seconds", "durationSeconds"),
      BatchWrite.text("answered_by", "answeredBy"));

  /** Each event once: a repeated delivery has the same key and inserts nothing. */
  private static final BatchWrite INSERT_EVENTS = BatchWrite.of(EVENT_COLUMNS,
      "INSERT INTO call_events {columns} VALUES {values} ON CONFLICT DO NOTHING",
      "INSERT INTO call_events {columns} SELECT * FROM UNNEST({arrays}) ON CONFLICT DO NOTHING RETURNING call_sid");
  /**
   * The row of each call that has none yet. On PostgreSQL, where several servers may write (issue 17), it also locks
   * the row of each call that has one, in SID order so that two commits cannot deadlock: an {@code ON CONFLICT DO
   * UPDATE} locks the conflicting row even when its {@code WHERE} updates nothing, and then returns no row. H2's file
   * is open in one process, whose one verticle writes one transaction at a time: nothing to lock.
   */
  private static final BatchWrite CREATE_CALLS = BatchWrite.of(CALL_COLUMNS_WRITTEN,
      "INSERT INTO calls {columns} VALUES {values} ON CONFLICT DO NOTHING",
      "INSERT INTO calls {columns} SELECT * FROM UNNEST({arrays}) ORDER BY 1"
          + " ON CONFLICT (call_sid) DO UPDATE SET status = calls.status WHERE false RETURNING call_sid");
  /** H2 has no {@code ON CONFLICT DO UPDATE}; its {@code MERGE} is the upsert. */
  private static final BatchWrite UPDATE_CALLS = BatchWrite.of(CALL_COLUMNS_WRITTEN,
      "MERGE INTO calls {columns} KEY (call_sid) VALUES {values}",
      "INSERT INTO calls {columns} SELECT * FROM UNNEST({arrays}) ON CONFLICT (call_sid) DO UPDATE SET"
          + " direction = EXCLUDED.direction, from_address = EXCLUDED.from_address,"
          + " to_address = EXCLUDED.to_address, twilio_number = EXCLUDED.twilio_number, status = EXCLUDED.status,"
          + " started_at = EXCLUDED.started_at, ringing_at = EXCLUDED.ringing_at,"
          + " answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,"
          + " duration_seconds = EXCLUDED.duration_seconds, answered_by = EXCLUDED.answered_by");
  private static final BatchWrite UPSERT_CLIENTS = BatchWrite.of(List.of(BatchWrite.text("client", "client"),
          BatchWrite.text("call_sid", "callSid"), BatchWrite.timestamp("started_at", "startedAt")),
      "MERGE INTO call_clients {columns} KEY (call_sid, client) VALUES {values}",
      "INSERT INTO call_clients {columns} SELECT * FROM UNNEST({arrays})"
          + " ON CONFLICT (call_sid, client) DO UPDATE SET started_at = EXCLUDED.started_at");
  private static final String EVENTS_OF_CALLS = """
      SELECT call_sid, leg_sid, kind, status, sequence_number, occurred_at, from_address, to_address,
        duration_seconds, direction, twilio_number, client
      FROM call_events WHERE call_sid = ANY(#{callSids})""";
  static final String CALL_COLUMNS = "c.call_sid, c.direction, c.from_address, c.to_address, "
      + "c.twilio_number, c.status, c.started_at, c.ringing_at, c.answered_at, c.ended_at, c.duration_seconds, "
      + "c.answered_by";

  private final Pool pool;
  private final StorageSettings settings;
  private final boolean onPostgres;

  private CallStore(Pool pool, StorageSettings settings) {
    this.pool = pool;
    this.settings = settings;
    this.onPostgres = settings.isPostgres();
  }

  /** The pool for {@code settings}; nothing is connected until the first query. */
  static CallStore open(Vertx vertx, StorageSettings settings) {
    return new CallStore(Database.pool(vertx, settings, "storage", settings.poolSize()), settings);
  }

  /**
   * Brings the schema to the newest migration; blocking: run it off the event loop.
   *
   * @return the schema's version now
   */
  String migrate() {
    return Database.migrate(settings);
  }

  /** Where the records are, for the log: never the credentials. */
  String location() {
    return Database.location(settings);
  }

  /** The pool, for the other tables of the same database ({@link VoicemailStore}). */
  Pool pool() {
    return pool;
  }

  Future<Void> close() {
    return pool.close();
  }

  /**
   * Forces what the commits before it wrote to the disk. PostgreSQL's commit flushes its WAL itself; H2's commit
   * writes its chunk into the file but never forces it, and {@code CHECKPOINT SYNC} is the statement that reaches
   * {@code FileChannel.force} (H2 2.5.252): without it an acknowledged callback outlived {@code kill -9}, not a power
   * loss.
   */
  Future<Void> sync() {
    return onPostgres ? Future.succeededFuture() : pool.query("CHECKPOINT SYNC").execute().mapEmpty();
  }

  /** A query that needs the database: fails when it is unreachable. */
  Future<Void> probe() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /**
   * Stores {@code events} and brings each of their calls up to date, in one transaction: committed when the future
   * succeeds. Each statement has one text whatever the batch, and goes as one batch.
   *
   * <p>A call that the batch creates is derived from the batch's own events, which are then all its events: nothing
   * is read back. Only a call that already has a row and got a new event is derived again from all its events; a
   * repeated callback, which inserts no event, rewrites nothing.
   *
   * @return the calls that the commit changed, as they are now: the ones created and the ones derived again
   */
  Future<List<CallRecord>> store(List<CallbackEvent> events) {
    List<CallbackEvent> delivered = firstOfEachKey(events);
    Map<String, List<CallbackEvent>> byCall = new TreeMap<>();
    delivered.forEach(event -> byCall.computeIfAbsent(event.callSid(), sid -> new ArrayList<>()).add(event));
    List<CallRecord> fromBatch = byCall.entrySet().stream()
        .map(entry -> CallDerivation.derive(entry.getKey(), entry.getValue())).toList();
    return pool.withTransaction(connection -> CREATE_CALLS.run(connection, onPostgres,
            fromBatch.stream().map(CallStore::callParameters).toList())
        .compose(created -> INSERT_EVENTS.run(connection, onPostgres,
                delivered.stream().map(CallStore::eventParameters).toList())
            .compose(withNewEvents -> {
              List<String> toDerive = withNewEvents.stream().filter(sid -> !created.contains(sid)).sorted().toList();
              return toDerive.isEmpty() ? Future.succeededFuture(List.<CallRecord>of())
                  : eventsOf(connection, toDerive).map(stored -> stored.entrySet().stream()
                      .map(entry -> CallDerivation.derive(entry.getKey(), entry.getValue())).toList());
            })
            .compose(rederived -> {
              List<CallRecord> changed = new ArrayList<>(rederived);
              fromBatch.stream().filter(call -> created.contains(call.callSid())).forEach(changed::add);
              List<Map<String, Object>> clients = changed.stream().flatMap(call -> call.clients().stream()
                  .map(client -> Map.<String, Object>of("client", client, "callSid", call.callSid(),
                      "startedAt", timestamp(call.startedAt())))).toList();
              return UPDATE_CALLS.run(connection, onPostgres,
                      rederived.stream().map(CallStore::callParameters).toList())
                  .compose(updated -> UPSERT_CLIENTS.run(connection, onPostgres, clients))
                  .map(written -> List.copyOf(changed));
            })));
  }

  /** The events of a batch as the table keeps them: the first delivered of each key, a repeat dropped. */
  private static List<CallbackEvent> firstOfEachKey(List<CallbackEvent> events) {
    Map<List<String>, CallbackEvent> first = new LinkedHashMap<>();
    events.forEach(event -> first.putIfAbsent(
        List.of(event.callSid(), event.legSid(), event.kind().wireName(), event.status()), event));
    return List.copyOf(first.values());
  }

  /**
   * Deletes the oldest calls that started before {@code cutoff}, at most {@code most} of them, with their events and
   * clients, in one transaction: a bounded one, since commits of callbacks wait while it runs. On PostgreSQL it
   * first locks the calls' rows, skipping any that a commit holds (a late callback of an expired call) or that another
   * node's retention took: the order in which commits lock, calls before events, so that neither waits for the other
   * in a cycle.
   *
   * @return the number of calls deleted: {@code most} when more may be left
   */
  Future<Integer> deleteStartedBefore(Instant cutoff, int most) {
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT call_sid FROM calls WHERE started_at < #{cutoff} ORDER BY started_at LIMIT #{most}"
                + (onPostgres ? " FOR UPDATE SKIP LOCKED" : ""))
        .execute(Map.of("cutoff", timestamp(cutoff), "most", most))
        .compose(oldest -> {
          List<String> callSids = new ArrayList<>();
          oldest.forEach(row -> callSids.add(row.getString("call_sid")));
          if (callSids.isEmpty()) {
            return Future.succeededFuture(0);
          }
          Map<String, Object> calls = Map.of("callSids", callSids.toArray(String[]::new));
          return SqlTemplate.forUpdate(connection, "DELETE FROM call_events WHERE call_sid = ANY(#{callSids})")
              .execute(calls)
              .compose(events -> SqlTemplate.forUpdate(connection,
                  "DELETE FROM call_clients WHERE call_sid = ANY(#{callSids})").execute(calls))
              .compose(clients -> SqlTemplate.forUpdate(connection,
                  "DELETE FROM calls WHERE call_sid = ANY(#{callSids})").execute(calls))
              .map(deleted -> deleted.rowCount());
        }));
  }

  Future<CallPage> list(CallQuery query, Optional<PageCursor> after) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("client", query.client());
    parameters.put("limit", query.limit() + 1);
    String range = "";
    if (after.isPresent()) {
      parameters.put("startedAt", timestamp(after.get().at()));
      parameters.put("callSid", after.get().sid());
      range = " AND (cc.started_at < #{startedAt} OR (cc.started_at = #{startedAt} AND cc.call_sid < #{callSid}))";
    }
    String sql = "SELECT " + CALL_COLUMNS + " FROM call_clients cc JOIN calls c ON c.call_sid = cc.call_sid"
        + " WHERE cc.client = #{client}" + range
        + " ORDER BY cc.started_at DESC, cc.call_sid DESC LIMIT #{limit}";
    return SqlTemplate.forQuery(pool, sql).execute(parameters).compose(rows -> {
      List<Row> found = new ArrayList<>();
      rows.forEach(found::add);
      List<Row> page = found.subList(0, Math.min(found.size(), query.limit()));
      return clientsOf(pool, page.stream().map(row -> row.getString("call_sid")).toList()).map(clients -> {
        List<CallRecord> calls = page.stream().map(row -> callRecord(row, clients)).toList();
        Optional<String> next = found.size() > query.limit()
            ? Optional.of(calls.get(calls.size() - 1)).map(last -> new PageCursor(last.startedAt(), last.callSid())
                .encode())
            : Optional.empty();
        return new CallPage(calls, next);
      });
    });
  }

  /** The call as derived from its events, if it involves {@code lookup.client()}. */
  Future<Optional<CallRecord>> get(CallLookup lookup) {
    return eventsOf(pool, List.of(lookup.callSid())).map(events -> {
      List<CallbackEvent> ofCall = events.getOrDefault(lookup.callSid(), List.of());
      return ofCall.isEmpty() ? Optional.<CallRecord>empty()
          : Optional.of(CallDerivation.derive(lookup.callSid(), ofCall))
              .filter(call -> call.clients().contains(lookup.client()));
    });
  }

  private static Future<Map<String, List<CallbackEvent>>> eventsOf(SqlClient client, List<String> callSids) {
    return SqlTemplate.forQuery(client, EVENTS_OF_CALLS).execute(Map.of("callSids", callSids.toArray(String[]::new)))
        .map(rows -> {
          Map<String, List<CallbackEvent>> events = new LinkedHashMap<>();
          for (Row row : rows) {
            CallbackEvent event = new CallbackEvent(row.getString("call_sid"), row.getString("leg_sid"),
                kind(row.getString("kind")), row.getString("status"), row.getInteger("sequence_number"),
                instant(row.getValue("occurred_at")), row.getString("from_address"), row.getString("to_address"),
                row.getInteger("duration_seconds"), row.getString("direction"), row.getString("twilio_number"),
                row.getString("client"));
            events.computeIfAbsent(event.callSid(), sid -> new ArrayList<>()).add(event);
          }
          return events;
        });
  }

  private static Future<Map<String, List<String>>> clientsOf(SqlClient client, List<String> callSids) {
    if (callSids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String sql = "SELECT call_sid, client FROM call_clients WHERE call_sid = ANY(#{callSids}) ORDER BY client";
    return SqlTemplate.forQuery(client, sql).execute(Map.of("callSids", callSids.toArray(String[]::new))).map((RowSet<Row> rows) -> {
      Map<String, List<String>> clients = new HashMap<>();
      rows.forEach(row -> clients.computeIfAbsent(row.getString("call_sid"), sid -> new ArrayList<>())
          .add(row.getString("client")));
      return clients;
    });
  }

  static CallRecord callRecord(Row row, Map<String, List<String>> clients) {
    String callSid = row.getString("call_sid");
    return new CallRecord(callSid, row.getString("direction"), row.getString("from_address"),
        row.getString("to_address"), row.getString("twilio_number"), clients.getOrDefault(callSid, List.of()),
        row.getString("status"), instant(row.getValue("started_at")), instant(row.getValue("ringing_at")),
        instant(row.getValue("answered_at")), instant(row.getValue("ended_at")),
        row.getInteger("duration_seconds"), row.getString("answered_by"), List.of());
  }

  private static Map<String, Object> eventParameters(CallbackEvent event) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("callSid", event.callSid());
    parameters.put("legSid", event.legSid());
    parameters.put("kind", event.kind().wireName());
    parameters.put("status", event.status());
    parameters.put("sequenceNumber", event.sequenceNumber());
    parameters.put("at", timestamp(event.at()));
    parameters.put("from", event.from());
    parameters.put("to", event.to());
    parameters.put("durationSeconds", event.durationSeconds());
    parameters.put("direction", event.direction());
    parameters.put("twilioNumber", event.twilioNumber());
    parameters.put("client", event.client());
    return parameters;
  }

  private static Map<String, Object> callParameters(CallRecord call) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("callSid", call.callSid());
    parameters.put("direction", call.direction());
    parameters.put("from", call.from());
    parameters.put("to", call.to());
    parameters.put("twilioNumber", call.twilioNumber());
    parameters.put("status", call.status());
    parameters.put("startedAt", timestamp(call.startedAt()));
    parameters.put("ringingAt", timestamp(call.ringingAt()));
    parameters.put("answeredAt", timestamp(call.answeredAt()));
    parameters.put("endedAt", timestamp(call.endedAt()));
    parameters.put("durationSeconds", call.durationSeconds());
    parameters.put("answeredBy", call.answeredBy());
    return parameters;
  }

  private static Kind kind(String wireName) {
    for (Kind kind : Kind.values()) {
      if (kind.wireName().equals(wireName)) {
        return kind;
      }
    }
    throw new IllegalStateException("unknown event kind in the database: " + wireName);
  }

  static OffsetDateTime timestamp(Instant instant) {
    return Database.timestamp(instant);
  }

  static Instant instant(Object value) {
    return Database.instant(value);
  }
}
