import io.switchboard.loadtest.AcknowledgedCallback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

/**
 * Prints how many of the callbacks in ACKNOWLEDGED (the load tester's --acknowledged file) are events of the call
 * records, and how many calls they hold in all: "ACKNOWLEDGED_COUNT STORED_OF_THEM STORED_IN_ALL". Run with the jar
 * on the class path, the server stopped (H2 opens its file alone):
 *   java -cp target/switchboard.jar bench/StoredCallbacks.java JDBC_URL USER ACKNOWLEDGED
 */
public final class StoredCallbacks {

  public static void main(String[] args) throws Exception {
    List<String> acknowledged = Files.readAllLines(Path.of(args[2]));
    try (Connection connection = DriverManager.getConnection(args[0], args[1], "");
         ResultSet calls = connection.createStatement().executeQuery("SELECT COUNT(*) FROM calls")) {
      calls.next();
      long ofThem = acknowledged.size() - AcknowledgedCallback.missingFrom(connection, acknowledged).size();
      System.out.println(acknowledged.size() + " " + ofThem + " " + calls.getLong(1));
    }
  }
}
