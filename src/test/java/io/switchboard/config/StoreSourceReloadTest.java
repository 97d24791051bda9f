package io.switchboard.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.directory.Directory;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

/** With the store as the directory's source, an edit of the file's entries is not put in force, and the log says so. */
class StoreSourceReloadTest {

  private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(DirectoryReloader.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    reloaderLog.detachAppender(logged);
    vertx.close().await();
  }

  @Test
  void theFilesEntriesAreNotReloadedAndTheLogSaysWhy(@TempDir Path folder) throws Exception {
    logged.start();
    reloaderLog.addAppender(logged);
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").put("source", "store").put("reloadIntervalSeconds", 1);
    Path file = folder.resolve("config.json");
    Files.writeString(file, json.encodePrettily());
    ConfigSource source = new ConfigSource(file, Map.of());
    SwitchboardConfig config = source.load();
    Directory inForce = config.directory().entries();
    LiveDirectory directory = new LiveDirectory(inForce);
    vertx.deployVerticle(new DirectoryReloader(source, config, directory)).await();

    json.getJsonObject("directory").getJsonArray("entries")
        .add(new JsonObject().put("phoneNumber", "+815031230000").put("clientName", "DeviceId_0003"));
    Files.writeString(file, json.encodePrettily());

    long deadline = System.currentTimeMillis() + 15_000;
    while (logged.list.stream().noneMatch(event -> event.getFormattedMessage()
        .endsWith("directory.entries edited, but the directory in force is the store's (directory.source): the edit"
            + " is ignored; change entries through /admin/api/directory"))) {
      if (System.currentTimeMillis() > deadline) {
        fail("no such log within 15 s: " + logged.list);
      }
      Thread.sleep(100);
    }
    assertSame(inForce, directory.get());
  }
}
