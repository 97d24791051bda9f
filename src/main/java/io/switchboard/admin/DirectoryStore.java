package io.switchboard.admin;

import io.switchboard.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SQL of the directory's tables (migration V6), one text for both databases. Every change and its audit row
 * are one transaction; the entries are stored as JSON already checked and written in the configuration's shape.
 */
final class DirectoryStore {

  static final String IMPORTED_BY = "configuration file";

  private static final String ENTRIES = "SELECT entry FROM directory_entries ORDER BY position, phone_number";
  private static final String ENTRY = "SELECT entry FROM directory_entries WHERE phone_number = #{number}";
  private static final String IN_USE = "SELECT (SELECT COUNT(*) FROM directory_entries)"
      + " + (SELECT COUNT(*) FROM directory_audit) AS n";
  private static final String NEXT_POSITION = "SELECT COALESCE(MAX(position) + 1, 0) AS next FROM directory_entries";
  private static final String INSERT = "INSERT INTO directory_entries (phone_number, position, entry)"
      + " VALUES (#{number}, #{position}, #{entry}) ON CONFLICT DO NOTHING";
  private static final String LOCK = ENTRY + " FOR UPDATE";
  private static final String UPDATE = "UPDATE directory_entries SET entry = #{entry} WHERE phone_number = #{number}";
  private static final String DELETE = "DELETE FROM directory_entries WHERE phone_number = #{number}";
  private static final String AUDIT = "INSERT INTO directory_audit (changed_at, changed_by, action, phone_number,"
      + " before_entry, after_entry) VALUES (#{at}, #{by}, #{action}, #{number}, #{before}, #{after})";
  private static final String CHANGES = "SELECT id, changed_at, changed_by, action, phone_number, before_entry,"
      + " after_entry FROM directory_audit WHERE id < #{before} ORDER BY id DESC LIMIT #{limit}";

  private final Pool pool;

  DirectoryStore(Pool pool) {
    this.pool = pool;
  }

  /** The entries in the directory's order. */
  Future<List<JsonObject>> entries() {
    return pool.query(ENTRIES).execute().map(rows -> {
      List<JsonObject> entries = new ArrayList<>();
      rows.forEach(row -> entries.add(new JsonObject(row.getString("entry"))));
      return entries;
    });
  }

  Future<Optional<JsonObject>> entry(String number) {
    return SqlTemplate.forQuery(pool, ENTRY).execute(Map.of("number", number))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new JsonObject(rows.iterator().next().getString("entry"))));
  }

  /**
   * Imports {@code entries} when the store's directory has never been used (no entry, no change ever audited), so
   * that a directory emptied through the admin API is not imported again. Nodes starting together import once: a
   * number another node imported first is skipped.
   *
   * @return how many entries were imported; 0 when the store's directory was already in use
   */
  Future<Integer> importIfFirstStart(List<StoredEntry> entries) {
    return pool.withTransaction(connection -> connection.query(IN_USE).execute().compose(rows -> {
      if (rows.iterator().next().getLong("n") > 0) {
        return Future.succeededFuture(0);
      }
      Instant now = Instant.now();
      Future<Integer> imported = Future.succeededFuture(0);
      for (int i = 0; i < entries.size(); i++) {
        StoredEntry entry = entries.get(i);
        long position = i;
        imported = imported.compose(count -> insert(connection, entry, position).compose(inserted -> !inserted
            ? Future.succeededFuture(count)
            : audit(connection, now, IMPORTED_BY, "import", entry.number(), null, entry.json()).map(count + 1)));
      }
      return imported;
    }));
  }

  /** @return false, and nothing changed, when the number already has an entry */
  Future<Boolean> add(StoredEntry entry, String by) {
    return pool.withTransaction(connection -> connection.query(NEXT_POSITION).execute()
        .compose(rows -> insert(connection, entry, rows.iterator().next().getLong("next")))
        .compose(inserted -> !inserted ? Future.succeededFuture(false)
            : audit(connection, Instant.now(), by, "add", entry.number(), null, entry.json()).map(true)));
  }

  /** @return the entry it replaced; empty, and nothing changed, when the number has none */
  Future<Optional<JsonObject>> change(StoredEntry entry, String by) {
    return pool.withTransaction(connection -> locked(connection, entry.number()).compose(before -> before.isEmpty()
        ? Future.succeededFuture(before)
        : SqlTemplate.forUpdate(connection, UPDATE)
            .execute(Map.of("number", entry.number(), "entry", entry.json().encode()))
            .compose(updated -> audit(connection, Instant.now(), by, "change", entry.number(), before.get(),
                entry.json()))
            .map(before)));
  }

  /** @return the entry removed; empty, and nothing changed, when the number has none */
  Future<Optional<JsonObject>> remove(String number, String by) {
    return pool.withTransaction(connection -> locked(connection, number).compose(before -> before.isEmpty()
        ? Future.succeededFuture(before)
        : SqlTemplate.forUpdate(connection, DELETE).execute(Map.of("number", number))
            .compose(deleted -> audit(connection, Instant.now(), by, "remove", number, before.get(), null))
            .map(before)));
  }

  /** Up to {@code limit} changes older than {@code before}, newest first, each as the audit API shows it. */
  Future<List<JsonObject>> changes(int limit, OptionalLong before) {
    return SqlTemplate.forQuery(pool, CHANGES)
        .execute(Map.of("before", before.orElse(Long.MAX_VALUE), "limit", limit))
        .map(rows -> {
          List<JsonObject> changes = new ArrayList<>();
          rows.forEach(row -> changes.add(change(row)));
          return changes;
        });
  }

  private static JsonObject change(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("at", Database.instant(row.getValue("changed_at")).toString())
        .put("by", row.getString("changed_by"))
        .put("action", row.getString("action"))
        .put("phoneNumber", row.getString("phone_number"))
        .put("before", json(row.getString("before_entry")))
        .put("after", json(row.getString("after_entry")));
  }

  private static JsonObject json(String text) {
    return text == null ? null : new JsonObject(text);
  }

  private static Future<Optional<JsonObject>> locked(SqlConnection connection, String number) {
    return SqlTemplate.forQuery(connection, LOCK).execute(Map.of("number", number))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new JsonObject(rows.iterator().next().getString("entry"))));
  }

  private static Future<Boolean> insert(SqlConnection connection, StoredEntry entry, long position) {
    return SqlTemplate.forUpdate(connection, INSERT)
        .execute(Map.of("number", entry.number(), "position", position, "entry", entry.json().encode()))
        .map(inserted -> inserted.rowCount() == 1);
  }

  private static Future<Void> audit(SqlConnection connection, Instant at, String by, String action, String number,
                                    JsonObject before, JsonObject after) {
    Map<String, Object> row = new HashMap<>();
    row.put("at", Database.timestamp(at));
    row.put("by", by);
    row.put("action", action);
    row.put("number", number);
    row.put("before", before == null ? null : before.encode());
    row.put("after", after == null ? null : after.encode());
    return SqlTemplate.forUpdate(connection, AUDIT).execute(row).mapEmpty();
  }

  /** An entry's number in E.164 and its JSON as {@link io.switchboard.config.DirectoryEntryFormat} writes it. */
  record StoredEntry(String number, JsonObject json) {
  }
}
