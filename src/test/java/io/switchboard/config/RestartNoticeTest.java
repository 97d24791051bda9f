package io.switchboard.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.switchboard.security.SecretHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A reload puts the directory's entries in force and says which other settings changed and wait for a restart.
 * The sections come from {@link SwitchboardConfig}'s components, so a new section fails here until it has an edit.
 */
class RestartNoticeTest {

  /** How to change each top-level section, and how the reload must name that change. */
  private record Edit(Consumer<JsonObject> change, String named) {
  }

  private static final Map<String, Edit> EDITS = Map.ofEntries(
      Map.entry("http", new Edit(json -> json.getJsonObject("http").put("maxBodyBytes", 4_096), "http")),
      Map.entry("twilio", new Edit(json -> json.getJsonObject("twilio").put("publicBaseUrl", "https://other.example.com"), "twilio")),
      Map.entry("tokens", new Edit(json -> json.getJsonObject("tokens").put("ttlSeconds", 600), "tokens")),
      Map.entry("dial", new Edit(json -> json.getJsonObject("dial").put("timeoutSeconds", 30), "dial")),
      Map.entry("directory", new Edit(json -> json.getJsonObject("directory").put("reloadIntervalSeconds", 5),
          "directory.reloadIntervalSeconds")),
      Map.entry("management", new Edit(json -> json.put("management", new JsonObject().put("port", 9_090)), "management")),
      Map.entry("security", new Edit(json -> json.getJsonObject("security").put("lockoutSeconds", 60), "security")),
      Map.entry("storage", new Edit(json -> json.put("storage", new JsonObject().put("poolSize", 2)), "storage")),
      Map.entry("calls", new Edit(json -> json.put("calls", new JsonObject().put("record", false)), "calls")),
      // The admin API edits the store's directory: its users come with that source.
      Map.entry("admin", new Edit(json -> {
        json.getJsonObject("directory").put("source", "store");
        json.put("admin", new JsonObject().put("users", new JsonArray().add(new JsonObject().put("name", "ops")
            .put("passwordHash", SecretHash.of("an admin password".toCharArray()).encoded()))));
      }, "directory.source, admin")),
      Map.entry("cluster", new Edit(json -> json.put("cluster", new JsonObject().put("name", "another")), "cluster")),
      Map.entry("events", new Edit(json -> json.put("events", new JsonObject().put("heartbeatSeconds", 20)), "events")));

  private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(DirectoryReloader.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Vertx vertx = Vertx.vertx();
  private final JsonObject json = TestConfig.json(TestConfig.freePort());
  @TempDir
  Path folder;
  private Path file;

  static Stream<String> sections() {
    return Arrays.stream(SwitchboardConfig.class.getRecordComponents()).map(RecordComponent::getName);
  }

  @BeforeEach
  void startReloader() throws Exception {
    logged.start();
    reloaderLog.addAppender(logged);
    json.getJsonObject("directory").put("reloadIntervalSeconds", 1);
    file = folder.resolve("config.json");
    Files.writeString(file, json.encodePrettily());
    ConfigSource source = new ConfigSource(file, Map.of());
    SwitchboardConfig config = source.load();
    vertx.deployVerticle(new DirectoryReloader(source, config, new LiveDirectory(config.directory().entries())))
        .await();
  }

  @AfterEach
  void stop() {
    reloaderLog.detachAppender(logged);
    vertx.close().await();
  }

  @ParameterizedTest
  @MethodSource("sections")
  void anEditOfAnySectionIsNamedAsNeedingARestart(String section) throws Exception {
    Edit edit = EDITS.get(section);
    assertNotNull(edit, "section '" + section + "' has no edit in this test: add one");
    edit.change().accept(json);
    Files.writeString(file, json.encodePrettily());

    assertEquals(List.of(restartNotice(edit.named())), awaitWarnings(warnings -> !warnings.isEmpty()));
  }

  @Test
  void theNoticeNamesEveryChangedSectionAtOnce() throws Exception {
    json.getJsonObject("security").put("maxFailedAttempts", 3);
    json.getJsonObject("directory").put("reloadIntervalSeconds", 10);
    json.getJsonObject("http").getJsonObject("cors").remove("allowedOrigins");
    Files.writeString(file, json.encodePrettily());

    assertEquals(List.of(restartNotice("http, directory.reloadIntervalSeconds, security")),
        awaitWarnings(warnings -> !warnings.isEmpty()));
  }

  @Test
  void aDirectoryOnlyEditNeedsNoRestart() throws Exception {
    JsonObject directory = json.getJsonObject("directory").put("defaultRegion", "US");
    directory.getJsonArray("entries").getJsonObject(1).put("phoneNumber", "+81-50-3123-9999");
    directory.getJsonArray("entries").add(new JsonObject().put("phoneNumber", "+81-50-3123-0000").put("clientName", "DeviceId_0003"));
    Files.writeString(file, json.encodePrettily());
    awaitLog(events -> events.stream().anyMatch(event -> event.getFormattedMessage().endsWith(": 3 entries")));

    // A later edit that does need a restart shows the notice; the directory-only edit before it logged none.
    json.getJsonObject("tokens").put("ttlSeconds", 120);
    Files.writeString(file, json.encodePrettily());
    assertEquals(List.of(restartNotice("tokens")), awaitWarnings(warnings -> !warnings.isEmpty()));
  }

  private String restartNotice(String changes) {
    return file + " changed outside the directory entries; restart to apply: " + changes;
  }

  private List<String> awaitWarnings(Predicate<List<String>> done) throws InterruptedException {
    return warnings(awaitLog(events -> done.test(warnings(events))));
  }

  private static List<String> warnings(List<ILoggingEvent> events) {
    return events.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** The reloader's log once it satisfies {@code done}, polled for up to 15 s. */
  private List<ILoggingEvent> awaitLog(Predicate<List<ILoggingEvent>> done) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (true) {
      List<ILoggingEvent> events;
      synchronized (logged) { // the appender appends under its own lock
        events = List.copyOf(logged.list);
      }
      if (done.test(events)) {
        return events;
      }
      if (System.nanoTime() > deadline) {
        fail("no such log within 15 s: " + events.stream().map(ILoggingEvent::getFormattedMessage).toList());
      }
      Thread.sleep(50);
    }
  }
}
