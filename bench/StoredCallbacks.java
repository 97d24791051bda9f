import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints how many of the CallSids in ACKNOWLEDGED (the load tester's --acknowledged file) are in the call records,
 * and how many calls they hold in all: "ACKNOWLEDGED_COUNT STORED_OF_THEM STORED_IN_ALL". Run with the jar on the
 * class path, the server stopped (H2 opens its file alone):
 *   java -cp target/switchboard.jar bench/StoredCallbacks.java JDBC_URL USER ACKNOWLEDGED
 */
public final class StoredCallbacks {

  public static void main(String[] args) throws Exception {
    List<String> acknowledged = Files.readAllLines(Path.of(args[2]));
    Set<String> stored = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(args[0], args[1], "");
         ResultSet calls = connection.createStatement().executeQuery("SELECT call_sid FROM calls")) {
      while (calls.next()) {
        stored.add(calls.getString(1));
      }
    }
    long ofThem = acknowledged.stream().filter(stored::contains).count();
    System.out.println(acknowledged.size() + " " + ofThem + " " + stored.size());
  }
}
