package io.switchboard.events;

import io.switchboard.config.ConfigSource;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.SseClient;
import io.switchboard.support.SseClient.Event;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An edit of the configuration file's directory reaches every open stream as {@code directory.changed}, so that the
 * page renews its token; a client the edit removed loses its stream.
 */
@ExtendWith(VertxExtension.class)
class DirectoryChangedTest {

  @Test
  void aDirectoryEditIsToldToEveryStreamAndEndsTheStreamOfARemovedClient(Vertx vertx, @TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("config.json");
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").put("reloadIntervalSeconds", 1);
    Files.writeString(file, json.encodePrettily());
    ConfigSource source = new ConfigSource(file, Map.of());
    TestServer server = TestServer.deploy(vertx, source.load(), Optional.of(source), new SwitchboardMetrics()).await();

    try (SseClient staying = EventsApiTest.stream(vertx, server,
             EventsApiTest.token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT));
         SseClient removed = EventsApiTest.stream(vertx, server,
             EventsApiTest.token(server, TestConfig.OTHER_TWILIO_NUMBER, TestConfig.OTHER_CLIENT))) {
      json.getJsonObject("directory").getJsonArray("entries").remove(1);
      Files.writeString(file, json.encodePrettily());

      Event changed = staying.next(Duration.ofSeconds(10));
      assertEquals("directory.changed", changed.type());
      assertNull(changed.id(), "no id: it is not replayed, and the page's Last-Event-ID stays");
      assertEquals("directory.changed", removed.next(Duration.ofSeconds(5)).type());
      removed.ended().timeout(5, TimeUnit.SECONDS).await();

      // The same file again changes nothing: nothing is told.
      Files.writeString(file, json.encodePrettily() + "\n");
      assertNull(staying.nextOrNull(Duration.ofSeconds(3)));
    }
  }
}
