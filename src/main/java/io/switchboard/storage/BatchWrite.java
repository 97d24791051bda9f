package io.switchboard.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One statement of the store's write path over a batch of rows, each row keyed by its call. H2 runs it once a row
 * in a JDBC batch, which stays inside the process. PostgreSQL runs it once for the whole batch, each column passed as
 * one array and unnested: the server plans and executes one statement, where a batch of statements costs an execution
 * a row.
 *
 * @param h2       the statement for one row, {@link SqlTemplate}'s {@code #{name}} for each column's parameter
 * @param postgres the statement for all rows, {@code $n} the array of the n-th column
 */
record BatchWrite(String h2, String postgres, List<Column> columns) {

  /** A column, the parameter that holds its value in a row's map, and its type in PostgreSQL. */
  record Column(String name, String parameter, Class<?> type) {

    String postgresArray() {
      if (type == String.class) {
        return "varchar[]";
      }
      return type == Integer.class ? "int[]" : "timestamptz[]";
    }
  }

  static Column text(String name, String parameter) {
    return new Column(name, parameter, String.class);
  }

  static Column integer(String name, String parameter) {
    return new Column(name, parameter, Integer.class);
  }

  static Column timestamp(String name, String parameter) {
    return new Column(name, parameter, OffsetDateTime.class);
  }

  /**
   * @param h2       the statement for one row on H2, where {@code {columns}} and {@code {values}} stand for the
   *                 columns' names and their parameters
   * @param postgres the statement for all rows on PostgreSQL, where {@code {columns}} and {@code {arrays}} stand for
   *                 the columns' names and their arrays; one whose written rows count ends with
   *                 {@code RETURNING call_sid}
   */
  static BatchWrite of(List<Column> columns, String h2, String postgres) {
    String names = columns.stream().map(Column::name).collect(Collectors.joining(", ", "(", ")"));
    String values = columns.stream().map(column -> "#{" + column.parameter() + "}")
        .collect(Collectors.joining(", ", "(", ")"));
    StringBuilder arrays = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      arrays.append(i == 0 ? "" : ", ").append('$').append(i + 1).append("::").append(columns.get(i).postgresArray());
    }
    return new BatchWrite(h2.replace("{columns}", names).replace("{values}", values),
        postgres.replace("{columns}", names).replace("{arrays}", arrays), List.copyOf(columns));
  }

  /**
   * Runs the statement over {@code rows} (none is allowed).
   *
   * @return the {@code callSid} of each row that the statement wrote: on H2 each row whose update count is not 0; on
   *     PostgreSQL, the rows it returned
   */
  Future<Set<String>> run(SqlConnection connection, boolean onPostgres, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    if (onPostgres) {
      Object[] arrays = new Object[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        Column column = columns.get(i);
        Object array = Array.newInstance(column.type(), rows.size());
        for (int row = 0; row < rows.size(); row++) {
          Array.set(array, row, rows.get(row).get(column.parameter()));
        }
        arrays[i] = array;
      }
      return connection.preparedQuery(postgres).execute(Tuple.wrap(arrays)).map(written -> {
        Set<String> calls = new HashSet<>();
        if (written.columnsNames() != null && !written.columnsNames().isEmpty()) {
          for (Row row : written) {
            calls.add(row.getString("call_sid"));
          }
        }
        return calls;
      });
    }
    return SqlTemplate.forQuery(connection, h2).executeBatch(rows).map(counts -> {
      // A JDBC batch answers one row per statement, holding its update count.
      Set<String> calls = new HashSet<>();
      int row = 0;
      for (Row count : counts) {
        if (count.getInteger(0) > 0) {
          calls.add((String) rows.get(row).get("callSid"));
        }
        row++;
      }
      return calls;
    });
  }
}
