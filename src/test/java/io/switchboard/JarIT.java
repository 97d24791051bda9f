package io.switchboard;

import io.switchboard.config.ConfigLoader;
import io.switchboard.support.Jwts;
import io.switchboard.support.ServerProcess;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar, run as a developer runs it: {@code java -jar target/switchboard.jar}. */
class JarIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void client() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void servesTheApiAndThePageFromTheJarInAnyWorkingDirectory(@TempDir Path elsewhere) throws Exception {
    int port = TestConfig.freePort();
    Path conf = elsewhere.resolve("switchboard.json");
    JsonObject json = TestConfig.json(port);
    json.getJsonObject("twilio").remove("authToken");
    json.remove("storage"); // the default: an H2 file under the working directory's data/
    Files.writeString(conf, json.encodePrettily());
    String authToken = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    try (ServerProcess server = ServerProcess.start(elsewhere, Map.of(ConfigLoader.AUTH_TOKEN_ENV, authToken),
        "-conf", conf.toString())) {
      server.awaitOutput("Switchboard listening on", START_TIMEOUT);

      HttpResponse<Buffer> page = await(client.get(port, "127.0.0.1", "/").send());
      assertEquals(200, page.statusCode());
      assertTrue(page.bodyAsString().contains("<title>Switchboard softphone</title>"), "the jar's own copy of the page");
      HttpResponse<Buffer> sdk = await(client.get(port, "127.0.0.1", "/vendor/twilio/dist/twilio.min.js").send());
      assertEquals(200, sdk.statusCode(), "the Voice SDK, put in the jar by the build");
      assertTrue(sdk.getHeader("Content-Type").contains("javascript"), sdk.getHeader("Content-Type"));
      assertTrue(sdk.bodyAsString().contains("Twilio.Device"), "the real SDK");

      HttpResponse<Buffer> token = await(client.post(port, "127.0.0.1", "/twilio/retrieve_capability_token")
          .sendJsonObject(new JsonObject().put("twilioPhoneNumber", "+81-50-3123-4567")));
      assertEquals(200, token.statusCode());
      Jwts.verify(token.bodyAsJsonObject().getString("capabilityToken"), authToken);

      assertTrue(server.output().contains("Serving the page from the copy inside the jar"), server.output());
      assertTrue(Files.exists(elsewhere.resolve("data/switchboard.mv.db")), "the call records' database, created");
      assertFalse(server.output().contains(authToken), "the auth token is never logged");
      assertFalse(server.output().contains(TestConfig.API_KEY_SECRET), "the API key secret is never logged");
    }
  }

  @Test
  void runsOnTheShippedConfigurationFromTheProjectFolder() throws Exception {
    try (ServerProcess server = ServerProcess.start(Path.of("."), Map.of())) {
      server.awaitOutput("Switchboard listening on", START_TIMEOUT);
      assertTrue(server.output().contains("placeholder"), "says plainly that Twilio will refuse these credentials");
      assertTrue(server.output().contains("Directory entry +815031234567 has no secretHash"),
          "warns once per entry that anyone knowing its number gets tokens");
    }
  }

  @Test
  void brokenConfigurationStopsWithOneClearMessage(@TempDir Path folder) throws Exception {
    Path conf = folder.resolve("bad.json");
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("twilio").put("accountSid", "AC-not-a-sid");
    Files.writeString(conf, json.encode());
    try (ServerProcess server = ServerProcess.start(folder, Map.of(), "-conf", conf.toString())) {
      assertEquals(2, server.awaitExit(Duration.ofSeconds(30)));
      assertEquals("switchboard: " + conf + ": twilio.accountSid: must be AC followed by 32 hex digits",
          server.output().strip());
    }
  }

  @Test
  void helpPrintsUsage(@TempDir Path folder) throws Exception {
    try (ServerProcess server = ServerProcess.start(folder, Map.of(), "--help")) {
      assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
      assertTrue(server.output().startsWith("Usage: java -jar switchboard.jar"), server.output());
    }
  }

  @Test
  void anUnknownArgumentIsSaidWithTheUsageAndExitsTwo(@TempDir Path folder) throws Exception {
    try (ServerProcess server = ServerProcess.start(folder, Map.of(), "--port", "8080")) {
      assertEquals(2, server.awaitExit(Duration.ofSeconds(30)));
      assertTrue(server.output().startsWith("switchboard: unknown argument: --port\nUsage: java -jar switchboard.jar"),
          server.output());
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
