package io.switchboard;

import io.switchboard.support.PostgresServer;
import io.switchboard.support.ServerProcess;
import io.switchboard.support.TestConfig;
import io.switchboard.support.VanishingProxy;
import io.switchboard.twilio.CallWebhook;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL stopped, frozen, or its host vanished, under load, as the jar runs: the calls keep ringing (the incoming
 * webhook answers TwiML 200 throughout), callbacks are refused with 503 at once, /health says why, and the server
 * recovers by itself.
 */
@Tag("postgres")
class PostgresOutageIT {

  private static final String LEG_STATUS = "/twilio/callbacks/leg-status?direction=incoming&number=%2B815031234567"
      + "&client=DeviceId_0001";

  @TempDir
  Path folder;

  @Test
  void callsRingWhileTheDatabaseIsDownCallbacksAre503AndTheServerRecoversByItself() throws Exception {
    outage(postgres -> new Outage(postgres.url(), 4, postgres::stop, postgres::restart, () -> { }),
        reason -> !reason.isBlank());
  }

  /**
   * A database that keeps its connections open and answers nothing (a hung host, a stalled disk) is down too, once a
   * commit has waited longer than the store's deadline: without one, every callback waited for the bus's timeout and
   * /health said UP.
   */
  @Test
  void aDatabaseThatStopsAnsweringIsDownAfterTheCommitDeadlineAndTheServerRecoversWhenItAnswers() throws Exception {
    outage(postgres -> new Outage(postgres.url(), 4, postgres::freeze, postgres::thaw, () -> { }),
        reason -> reason.contains("not answered"));
  }

  /**
   * A database host that vanished (powered off, cut from the network) leaves the pool's connections open with nothing
   * behind them, and the kernel closes them only after its keepalive time, two hours by default: the store let go of
   * them itself, or it stayed DOWN long after the database was back.
   */
  @Test
  void aDatabaseHostThatVanishedAndCameBackIsFoundAgainThroughNewConnections() throws Exception {
    outage(postgres -> {
      VanishingProxy proxy = VanishingProxy.start(postgres.port());
      return new Outage("postgresql://127.0.0.1:" + proxy.port() + "/postgres", 4, proxy::vanish, proxy::comeBack,
          proxy::close);
    }, reason -> reason.contains("not answered"));
  }

  /**
   * A host that vanished and came back at once (a reboot): the commit's connection is dead, and the probe, on a new
   * one, is answered. The store waits for the commit a while, since a slow database would answer it, then gives it up
   * with its pool. With two connections, one commit runs at a time and the probe gets the second, a new one.
   */
  @Test
  void workOnConnectionsThatDiedWhileTheDatabaseAnswersIsGivenUpAndTheStoreRecovers() throws Exception {
    outage(postgres -> {
      VanishingProxy proxy = VanishingProxy.start(postgres.port());
      return new Outage("postgresql://127.0.0.1:" + proxy.port() + "/postgres", 2, () -> {
        proxy.vanish();
        proxy.comeBack();
      }, () -> { }, proxy::close);
    }, reason -> reason.contains("not answered"));
  }

  private interface Step {
    void run() throws Exception;
  }

  /** How the database is reached, taken away and brought back, and what to close once the test is over. */
  private record Outage(String storageUrl, int poolSize, Step takeAway, Step bringBack, AutoCloseable resources)
      implements AutoCloseable {

    @Override
    public void close() throws Exception {
      resources.close();
    }
  }

  private interface OutageOf {
    Outage of(PostgresServer postgres) throws Exception;
  }

  private void outage(OutageOf how, Predicate<String> reasonGiven) throws Exception {
    assumeTrue(PostgresServer.isInstalled(), "PostgreSQL's binaries (apt-get install postgresql)");
    Vertx vertx = Vertx.vertx();
    int port = TestConfig.freePort();
    try (PostgresServer postgres = PostgresServer.start(); Outage outage = how.of(postgres)) {
      JsonObject config = TestConfig.json(port)
          .put("storage", new JsonObject().put("url", outage.storageUrl()).put("user", postgres.user())
              .put("poolSize", outage.poolSize()));
      config.getJsonObject("http").put("accessLog", false);
      Path conf = folder.resolve("config.json");
      Files.writeString(conf, config.encodePrettily());
      try (ServerProcess server = ServerProcess.start(folder, Map.of(), "-conf", conf.toString())) {
        server.awaitOutput("Switchboard listening on", Duration.ofSeconds(60));
        WebClient client = WebClient.create(vertx);
        assertEquals(204, callback(client, port).statusCode());

        // Incoming calls and callbacks at a steady pace, before, during and after the outage.
        CompletableFuture<String> calls = CompletableFuture.supplyAsync(() -> DurableCallbacksIT.loadtest(
            "-conf", conf.toString(), "--scenario", "incoming", "--rate", "200", "--warmup", "0", "--duration", "12s",
            "--connections", "8"));
        CompletableFuture<String> callbacks = CompletableFuture.supplyAsync(() -> DurableCallbacksIT.loadtest(
            "-conf", conf.toString(), "--scenario", "callbacks", "--rate", "100", "--warmup", "0", "--duration", "12s",
            "--connections", "8"));
        Thread.sleep(2_000);

        outage.takeAway().run();
        await(() -> storage(client, port).getString("status").equals("DOWN"), "storage DOWN in /health");
        String reason = storage(client, port).getString("reason", "");
        assertTrue(reasonGiven.test(reason), "/health says why: " + reason);
        for (int i = 0; i < 5; i++) {
          long started = System.nanoTime();
          HttpResponse<Buffer> refused = callback(client, port);
          long millis = (System.nanoTime() - started) / 1_000_000;
          assertEquals(503, refused.statusCode(), refused.bodyAsString());
          // At once means not held until a deadline (the request timeout is 10 s): a loaded machine may take a second.
          assertTrue(millis < 5_000, "refused at once, not after " + millis + " ms");
        }
        Thread.sleep(5_000);
        // Probes given up meanwhile, and the work they let go failing, do not blur why the store went down.
        String stillDown = storage(client, port).getString("reason", "");
        assertTrue(reasonGiven.test(stillDown), "/health still says why: " + stillDown);

        outage.bringBack().run();
        await(() -> storage(client, port).getString("status").equals("UP"), "storage UP again in /health");
        assertEquals(204, callback(client, port).statusCode());

        String callsSummary = calls.get(60, TimeUnit.SECONDS);
        assertTrue(callsSummary.startsWith("exit 0") && callsSummary.contains("Errors      0"),
            "every incoming call answered with its TwiML throughout:\n" + callsSummary);
        String callbacksSummary = callbacks.get(60, TimeUnit.SECONDS);
        assertTrue(callbacksSummary.contains("HTTP 503 on callback"), "callbacks refused:\n" + callbacksSummary);
        assertFalse(callbacksSummary.contains("no answer within"), "no callback left hanging:\n" + callbacksSummary);
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  private static JsonObject storage(WebClient client, int port) {
    return client.get(port, "127.0.0.1", "/health").send().await().bodyAsJsonObject()
        .getJsonObject("checks").getJsonObject("storage");
  }

  /** A signed leg status callback of a call of its own. */
  private static HttpResponse<Buffer> callback(WebClient client, int port) {
    byte[] sid = new byte[16];
    ThreadLocalRandom.current().nextBytes(sid);
    CallWebhook leg = CallWebhook.legStatus(TestConfig.ACCOUNT_SID, "CA" + HexFormat.of().formatHex(sid),
        CallWebhook.EXAMPLE_CALL_SID, "ringing", 1, "+819059876543", CallWebhook.client(TestConfig.CLIENT),
        Instant.now());
    return client.post(port, "127.0.0.1", LEG_STATUS)
        .putHeader("Content-Type", CallWebhook.CONTENT_TYPE)
        .putHeader(TwilioSignature.HEADER,
            leg.signature(new TwilioSignature(TestConfig.AUTH_TOKEN), TestConfig.PUBLIC_BASE_URL + LEG_STATUS))
        .sendBuffer(Buffer.buffer(leg.formBody())).await();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 30 s");
      }
      Thread.sleep(100);
    }
  }
}
