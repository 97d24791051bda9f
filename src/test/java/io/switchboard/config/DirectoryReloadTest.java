package io.switchboard.config;

import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class DirectoryReloadTest {

  private static final String NEW_NUMBER = "+815031230000";

  @Test
  void editedDirectoryTakesEffectWhileABrokenEditIsRefused(Vertx vertx, VertxTestContext ctx, @TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("config.json");
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").put("reloadIntervalSeconds", 1);
    Files.writeString(file, json.encodePrettily());
    ConfigSource source = new ConfigSource(file, Map.of());
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();

    TestServer.deploy(vertx, source.load(), Optional.of(source), new SwitchboardMetrics())
        .compose(server -> {
          // A steady stream of requests for the number present throughout: none may fail during the swaps.
          long stream = vertx.setPeriodic(20, id -> token(server, TestConfig.TWILIO_NUMBER).onComplete(answer -> {
            answered.incrementAndGet();
            if (answer.failed() || !TestConfig.CLIENT.equals(answer.result().getString("identity"))) {
              wrong.incrementAndGet();
            }
          }));
          return token(server, NEW_NUMBER)
              .compose(before -> {
                ctx.verify(() -> assertEquals(false, before.getBoolean("success")));
                json.getJsonObject("directory").getJsonArray("entries")
                    .add(new JsonObject().put("phoneNumber", NEW_NUMBER).put("clientName", "DeviceId_0003"));
                write(file, json.encodePrettily());
                return eventually(vertx, () -> token(server, NEW_NUMBER), answer -> answer.getBoolean("success"));
              })
              .compose(added -> {
                ctx.verify(() -> assertEquals("DeviceId_0003", added.getString("identity")));
                write(file, "{ \"directory\": { \"entries\": [ ");
                return sleep(vertx, 3_000);
              })
              .compose(afterBrokenEdit -> token(server, NEW_NUMBER))
              .compose(stillThere -> {
                ctx.verify(() -> assertEquals(true, stillThere.getBoolean("success"), "the broken edit is refused"));
                json.getJsonObject("directory").getJsonArray("entries").remove(2);
                write(file, json.encodePrettily());
                return eventually(vertx, () -> token(server, NEW_NUMBER), answer -> !answer.getBoolean("success"));
              })
              .onComplete(done -> vertx.cancelTimer(stream));
        })
        .onComplete(ctx.succeeding(removed -> ctx.verify(() -> {
          assertTrue(answered.get() > 50, "requests kept flowing: " + answered.get());
          assertEquals(0, wrong.get(), "no request dropped or misanswered during reloads");
          ctx.completeNow();
        })));
  }

  private static Future<JsonObject> token(TestServer server, String number) {
    return server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", number))
        .map(response -> response.bodyAsJsonObject());
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Future<Void> sleep(Vertx vertx, long millis) {
    Promise<Void> slept = Promise.promise();
    vertx.setTimer(millis, id -> slept.complete());
    return slept.future();
  }

  /** Asks again every 200 ms, for up to 15 s, until the answer satisfies {@code done}. */
  private static Future<JsonObject> eventually(Vertx vertx, java.util.function.Supplier<Future<JsonObject>> ask,
                                               Predicate<JsonObject> done) {
    long deadline = System.currentTimeMillis() + 15_000;
    Promise<JsonObject> result = Promise.promise();
    attempt(vertx, ask, done, deadline, result);
    return result.future();
  }

  private static void attempt(Vertx vertx, java.util.function.Supplier<Future<JsonObject>> ask,
                              Predicate<JsonObject> done, long deadline, Promise<JsonObject> result) {
    ask.get().onComplete(answer -> {
      if (answer.succeeded() && done.test(answer.result())) {
        result.complete(answer.result());
      } else if (System.currentTimeMillis() > deadline) {
        result.fail("no reload within 15 s; last answer: " + answer.result());
      } else {
        vertx.setTimer(200, id -> attempt(vertx, ask, done, deadline, result));
      }
    });
  }
}
