package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The callback journal ({@code db/journal/V7__callback_journal.sql}): callbacks acknowledged and not yet in the
 * records, each a row of JSON under a growing key. Appending writes only the table's newest pages;
 * {@link #project} hands the oldest rows to be folded into the records, and deletes them.
 *
 * <p>On PostgreSQL the journal is a table of the records' database: a projection claims its rows, writes the records
 * and deletes the rows in one transaction, and several nodes project side by side. On H2 it is a file of its own,
 * written by one process: the records' transaction commits first, then the rows are deleted; a process killed in
 * between projects them again at its restart, which changes nothing, since a repeated callback changes nothing.
 */
final class CallbackJournal {

  private static final String APPEND_H2 = "INSERT INTO callback_journal (callback) VALUES (#{callback})";
  private static final String APPEND_POSTGRES =
      "INSERT INTO callback_journal (callback) SELECT * FROM UNNEST($1::text[])";
  /**
   * The oldest rows no other node's projection holds, deleted as they are claimed: a node that claims them skips
   * the rows another has locked, and their delete commits or rolls back with the records they became.
   */
  private static final String CLAIM_POSTGRES = "DELETE FROM callback_journal WHERE seq IN (SELECT seq FROM"
      + " callback_journal ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING seq, callback";
  /** H2's file is open in one process, whose one projector claims: no other claim to skip. */
  private static final String CLAIM_H2 = "SELECT seq, callback FROM callback_journal ORDER BY seq LIMIT #{limit}";
  private static final String DELETE_H2 = "DELETE FROM callback_journal WHERE seq <= #{last}";
  /** Both ends of the key: each is the first or last entry of the key's index, on both databases. */
  private static final String BOUNDS = "SELECT MIN(seq) AS first, MAX(seq) AS last FROM callback_journal";

  /** What is in the journal now: nothing, or the rows from {@code first} to {@code last}. */
  record Bounds(long first, long last) {

    static final Bounds EMPTY = new Bounds(0, -1);

    /** The rows in the journal, counting the keys between the ends (a key taken by a rolled-back append too). */
    long backlog() {
      return last - first + 1;
    }

    boolean isEmpty() {
      return last < first;
    }
  }

  private final Pool records;
  private final Pool journal;
  private final boolean onPostgres;

  private CallbackJournal(Pool records, Pool journal, boolean onPostgres) {
    this.records = records;
    this.journal = journal;
    this.onPostgres = onPostgres;
  }

  /** The journal of the records on {@code records}, a pool on {@code settings}. */
  static CallbackJournal open(Vertx vertx, StorageSettings settings, Pool records) {
    return settings.isPostgres() ? new CallbackJournal(records, records, true)
        : new CallbackJournal(records, Database.journalPool(vertx, settings, "journal", 2), false);
  }

  /** Closes the journal's own pool, if it has one; the records' pool is its owner's to close. */
  Future<Void> close() {
    return journal == records ? Future.succeededFuture() : journal.close();
  }

  /** Appends {@code callbacks} in one transaction: durable when the future succeeds. */
  Future<Void> append(List<StoredCallback> callbacks) {
    List<String> rows = callbacks.stream().map(callback -> toJson(callback).encode()).toList();
    return journal.withTransaction(connection -> onPostgres
        ? connection.preparedQuery(APPEND_POSTGRES).execute(Tuple.of(rows.toArray(String[]::new))).mapEmpty()
        : SqlTemplate.forUpdate(connection, APPEND_H2)
            .executeBatch(rows.stream().map(row -> Map.<String, Object>of("callback", row)).toList()).mapEmpty());
  }

  /**
   * Hands up to {@code limit} of the oldest callbacks to {@code fold}, within a transaction of the records, and
   * deletes them from the journal once it has committed (on PostgreSQL, in that very transaction).
   */
  <T> Future<T> project(int limit, BiFunction<SqlConnection, List<StoredCallback>, Future<T>> fold) {
    if (onPostgres) {
      return records.withTransaction(connection -> connection.preparedQuery(CLAIM_POSTGRES).execute(Tuple.of(limit))
          .compose(rows -> fold.apply(connection, callbacks(rows))));
    }
    return SqlTemplate.forQuery(journal, CLAIM_H2).execute(Map.of("limit", limit)).compose(rows -> {
      List<StoredCallback> claimed = callbacks(rows);
      long last = 0;
      for (Row row : rows) {
        last = Math.max(last, row.getLong("seq"));
      }
      // Appends are one transaction at a time in this process, and take keys above every committed one: the rows up
      // to the last claimed are the claimed ones.
      Map<String, Object> through = Map.of("last", last);
      return records.withTransaction(connection -> fold.apply(connection, claimed))
          .compose(folded -> claimed.isEmpty() ? Future.succeededFuture(folded) : journal.withTransaction(
              connection -> SqlTemplate.forUpdate(connection, DELETE_H2).execute(through)).map(folded));
    });
  }

  /** The journal's ends now. */
  Future<Bounds> bounds() {
    return journal.query(BOUNDS).execute().map(rows -> {
      Row row = rows.iterator().next();
      Long first = row.getLong("first");
      return first == null ? Bounds.EMPTY : new Bounds(first, row.getLong("last"));
    });
  }

  private static List<StoredCallback> callbacks(Iterable<Row> rows) {
    List<StoredCallback> callbacks = new ArrayList<>();
    rows.forEach(row -> callbacks.add(fromJson(new JsonObject(row.getString("callback")))));
    return callbacks;
  }

  /** A callback as a journal row keeps it: every field, under its record component's name. */
  static JsonObject toJson(StoredCallback callback) {
    if (callback instanceof CallbackEvent call) {
      return new JsonObject().put("type", "call")
          .put("callSid", call.callSid()).put("legSid", call.legSid()).put("kind", call.kind().wireName())
          .put("status", call.status()).put("sequenceNumber", call.sequenceNumber())
          .put("at", call.at().toString()).put("from", call.from()).put("to", call.to())
          .put("durationSeconds", call.durationSeconds()).put("direction", call.direction())
          .put("twilioNumber", call.twilioNumber()).put("client", call.client());
    }
    RecordingEvent recording = (RecordingEvent) callback;
    return new JsonObject().put("type", "recording")
        .put("recordingSid", recording.recordingSid()).put("status", recording.status())
        .put("callSid", recording.callSid()).put("recordingUrl", recording.recordingUrl())
        .put("durationSeconds", recording.durationSeconds()).put("twilioNumber", recording.twilioNumber())
        .put("caller", recording.caller()).put("clients", new JsonArray(recording.clients()))
        .put("receivedAt", recording.receivedAt().toString());
  }

  static StoredCallback fromJson(JsonObject json) {
    return switch (json.getString("type")) {
      case "call" -> new CallbackEvent(json.getString("callSid"), json.getString("legSid"),
          CallStore.kind(json.getString("kind")), json.getString("status"), json.getInteger("sequenceNumber"),
          Instant.parse(json.getString("at")), json.getString("from"), json.getString("to"),
          json.getInteger("durationSeconds"), json.getString("direction"), json.getString("twilioNumber"),
          json.getString("client"));
      case "recording" -> new RecordingEvent(json.getString("recordingSid"), json.getString("status"),
          json.getString("callSid"), json.getString("recordingUrl"), json.getInteger("durationSeconds"),
          json.getString("twilioNumber"), json.getString("caller"),
          json.getJsonArray("clients").stream().map(String.class::cast).toList(),
          Instant.parse(json.getString("receivedAt")));
      default -> throw new IllegalStateException("unknown callback type in the journal: " + json.getString("type"));
    };
  }
}
