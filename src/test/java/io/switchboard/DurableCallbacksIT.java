package io.switchboard;

import io.switchboard.loadtest.AcknowledgedCallback;
import io.switchboard.loadtest.LoadTestCommand;
import io.switchboard.support.PostgresServer;
import io.switchboard.support.ServerProcess;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing acknowledged is lost: the jar, flooded with signed status callbacks by the load tester, is killed with
 * SIGKILL in the middle; restarted on the same store, every callback it had answered 2xx is in the database.
 */
class DurableCallbacksIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** Callbacks stored before the kill: enough that the kill lands in the middle of group commits. */
  private static final long STORED_BEFORE_KILL = 100;
  /** Longer than the flood can take to reach that count on a busy machine: the kill, not the clock, ends it. */
  private static final String FLOOD_DURATION = "20s";

  @TempDir
  Path folder;
  private Vertx vertx;

  @BeforeEach
  void createVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void onH2EveryAcknowledgedCallbackSurvivesAKill() throws Exception {
    String file = folder.resolve("data/calls").toString();
    Set<String> stored = floodKillAndRestart(new JsonObject().put("url", "jdbc:h2:file:" + file),
        () -> DriverManager.getConnection("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"));
    assertTrue(stored.size() >= STORED_BEFORE_KILL, stored.size() + " calls stored");
  }

  @Test
  @Tag("postgres")
  void onPostgresqlEveryAcknowledgedCallbackSurvivesAKill() throws Exception {
    assumeTrue(PostgresServer.isInstalled(), "PostgreSQL's binaries (apt-get install postgresql)");
    try (PostgresServer postgres = PostgresServer.start()) {
      Set<String> stored = floodKillAndRestart(
          new JsonObject().put("url", postgres.url()).put("user", postgres.user()),
          () -> DriverManager.getConnection("jdbc:" + postgres.url(), postgres.user(), ""));
      assertTrue(stored.size() >= STORED_BEFORE_KILL, stored.size() + " calls stored");
    }
  }

  private interface Database {
    Connection open() throws Exception;
  }

  /** @return the calls in the database after the restart, each of which was acknowledged or in flight at the kill */
  private Set<String> floodKillAndRestart(JsonObject storage, Database database) throws Exception {
    int port = TestConfig.freePort();
    JsonObject config = TestConfig.json(port).put("storage", storage);
    config.getJsonObject("http").put("accessLog", false);
    Path conf = folder.resolve("config.json");
    Files.writeString(conf, config.encodePrettily());
    Path acknowledgedFile = folder.resolve("acknowledged.txt");

    CompletableFuture<String> flood;
    try (ServerProcess server = ServerProcess.start(folder, Map.of(), "-conf", conf.toString())) {
      server.awaitOutput("Switchboard listening on", START_TIMEOUT);
      flood = CompletableFuture.supplyAsync(() -> loadtest("-conf", conf.toString(), "--scenario", "callbacks",
          "--warmup", "0", "--duration", FLOOD_DURATION, "--connections", "16", "--acknowledged", acknowledgedFile.toString()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (callbacksStored(port) < STORED_BEFORE_KILL && System.nanoTime() < deadline && !flood.isDone()) {
        Thread.sleep(20);
      }
      assertFalse(flood.isDone(), "the kill lands in the middle of the flood");
      ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
      assertTrue(process.destroyForcibly(), "SIGKILL sent");
      process.onExit().get(10, TimeUnit.SECONDS);
    }
    String summary = flood.get(60, TimeUnit.SECONDS);
    List<String> acknowledged = Files.readAllLines(acknowledgedFile);
    assertFalse(acknowledged.isEmpty(), "acknowledged before the kill:\n" + summary);

    try (ServerProcess restarted = ServerProcess.start(folder, Map.of(), "-conf", conf.toString())) {
      restarted.awaitOutput("Switchboard listening on", START_TIMEOUT);
      JsonObject health = WebClient.create(vertx).get(port, "127.0.0.1", "/health").send().await().bodyAsJsonObject();
      assertEquals("UP", health.getJsonObject("checks").getJsonObject("storage").getString("status"), health.encode());
      restarted.terminate();
      assertEquals(0, restarted.awaitExit(Duration.ofSeconds(15)), restarted.output());
    }

    Set<String> stored = new HashSet<>();
    List<String> lost;
    try (Connection connection = database.open();
         ResultSet calls = connection.createStatement().executeQuery("SELECT call_sid FROM calls")) {
      while (calls.next()) {
        stored.add(calls.getString(1));
      }
      lost = AcknowledgedCallback.missingFrom(connection, acknowledged);
    }
    assertEquals(List.of(), lost, "acknowledged but not stored, of " + acknowledged.size());
    // What was committed but not yet answered at the kill is stored and not acknowledged: Twilio would send it again.
    System.out.printf("%s: %d acknowledged, all stored; %d stored in all%n", storage.getString("url"),
        acknowledged.size(), stored.size());
    return stored;
  }

  private long callbacksStored(int port) {
    try {
      String metrics = Objects.toString(WebClient.create(vertx).get(port, "127.0.0.1", "/metrics").send()
          .await().bodyAsString(), "");
      Matcher matcher = Pattern.compile("switchboard_storage_callbacks_stored_total ([0-9.E]+)").matcher(metrics);
      return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    } catch (RuntimeException notYet) {
      return 0;
    }
  }

  /** The load tester in this process: its summary (it fails, as its server is killed under it). */
  static String loadtest(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int exit = LoadTestCommand.run(args, print, print);
    return "exit " + exit + "\n" + out.toString(StandardCharsets.UTF_8);
  }
}
