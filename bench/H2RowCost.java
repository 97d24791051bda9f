import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * What one row costs H2 itself, through plain JDBC on a file opened as the store opens it (WRITE_DELAY=0: each commit
 * writes its chunk before it returns): the floor under any write path that commits a callback's rows before its
 * answer. Rows of a callback's size in commits of BATCH rows, keyed three ways: a growing number (an append), a random
 * SID as the primary key (as calls and call_events are), and a growing number with an index on a random SID.
 * {@code java -cp target/switchboard.jar bench/H2RowCost.java [BATCH] [COMMITS]}.
 */
public class H2RowCost {

  private static final SecureRandom RANDOM = new SecureRandom();

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int commits = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    String[][] layouts = {
        {"appended (growing key)", "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sid VARCHAR(34)", ""},
        {"random SID as the key", "sid VARCHAR(34) PRIMARY KEY", ""},
        {"growing key, SID indexed", "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sid VARCHAR(34)",
            "CREATE INDEX by_sid ON t (sid)"}};
    System.out.printf("H2, commits of %d rows, %d commits measured after as many to warm up%n", batch, commits);
    for (String[] layout : layouts) {
      Path folder = Files.createTempDirectory("h2-row-cost");
      String url = "jdbc:h2:file:" + folder.resolve("db") + ";MODE=PostgreSQL;WRITE_DELAY=0";
      try (Connection connection = DriverManager.getConnection(url)) {
        try (Statement ddl = connection.createStatement()) {
          ddl.execute("CREATE TABLE t (" + layout[1] + ", from_address VARCHAR(256), to_address VARCHAR(256),"
              + " status VARCHAR(16), occurred_at TIMESTAMP WITH TIME ZONE, sequence_number INTEGER)");
          if (!layout[2].isEmpty()) {
            ddl.execute(layout[2]);
          }
        }
        connection.setAutoCommit(false);
        PreparedStatement insert = connection.prepareStatement("INSERT INTO t (sid, from_address, to_address, status,"
            + " occurred_at, sequence_number) VALUES (?, '+819012345678', 'client:alice', 'ringing', NOW(), ?)");
        long started = 0;
        for (int commit = 0; commit < 2 * commits; commit++) {
          if (commit == commits) {
            started = System.nanoTime();
          }
          for (int row = 0; row < batch; row++) {
            byte[] sid = new byte[16];
            RANDOM.nextBytes(sid);
            insert.setString(1, "CA" + HexFormat.of().formatHex(sid));
            insert.setInt(2, row);
            insert.addBatch();
          }
          insert.executeBatch();
          connection.commit();
        }
        double micros = (System.nanoTime() - started) / 1_000.0 / ((long) commits * batch);
        System.out.printf("  %-26s %6.1f µs a row%n", layout[0], micros);
      }
      try (var files = Files.walk(folder)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
