package io.switchboard.config;

import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@ExtendWith(VertxExtension.class)
class DirectoryReloadTest {

  private static final String NEW_NUMBER = "+815031230000";

  @Test
  void editedDirectoryTakesEffectWhileABrokenEditIsRefused(Vertx vertx, @TempDir Path folder) throws Exception {
    Path file = folder.resolve("config.json");
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").put("reloadIntervalSeconds", 1);
    Files.writeString(file, json.encodePrettily());
    ConfigSource source = new ConfigSource(file, Map.of());
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    TestServer server = TestServer.deploy(vertx, source.load(), Optional.of(source), new SwitchboardMetrics()).await();

    // A steady stream of requests for the number present throughout, sent by Vert.x while this thread edits the
    // file and waits: none may fail during the swaps.
    long stream = vertx.setPeriodic(20, id -> token(server, TestConfig.TWILIO_NUMBER).onComplete(answer -> {
      answered.incrementAndGet();
      if (answer.failed() || !TestConfig.CLIENT.equals(answer.result().getString("identity"))) {
        wrong.incrementAndGet();
      }
    }));
    try {
      JsonObject before = token(server, NEW_NUMBER).await();
      assertEquals(false, before.getBoolean("success"));

      json.getJsonObject("directory").getJsonArray("entries")
          .add(new JsonObject().put("phoneNumber", NEW_NUMBER).put("clientName", "DeviceId_0003"));
      Files.writeString(file, json.encodePrettily());
      JsonObject added = eventually(() -> token(server, NEW_NUMBER), answer -> answer.getBoolean("success"));
      assertEquals("DeviceId_0003", added.getString("identity"));

      Files.writeString(file, "{ \"directory\": { \"entries\": [ ");
      Thread.sleep(3_000);
      JsonObject stillThere = token(server, NEW_NUMBER).await();
      assertEquals(true, stillThere.getBoolean("success"), "the broken edit is refused");

      json.getJsonObject("directory").getJsonArray("entries").remove(2);
      Files.writeString(file, json.encodePrettily());
      eventually(() -> token(server, NEW_NUMBER), answer -> !answer.getBoolean("success"));
    } finally {
      vertx.cancelTimer(stream);
    }

    assertTrue(answered.get() > 50, "requests kept flowing: " + answered.get());
    assertEquals(0, wrong.get(), "no request dropped or misanswered during reloads");
  }

  private static Future<JsonObject> token(TestServer server, String number) {
    return server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", number))
        .map(response -> response.bodyAsJsonObject());
  }

  /** Asks again every 200 ms, for up to 15 s, until the answer satisfies {@code done}. */
  private static JsonObject eventually(Supplier<Future<JsonObject>> ask, Predicate<JsonObject> done)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      JsonObject answer = ask.get().otherwise((JsonObject) null).await();
      if (answer != null && done.test(answer)) {
        return answer;
      }
      if (System.currentTimeMillis() > deadline) {
        return fail("no reload within 15 s; last answer: " + answer);
      }
      Thread.sleep(200);
    }
  }
}
