package io.switchboard.storage;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.DirectorySettings;
import io.switchboard.config.StorageSettings;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.ops.Health;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.PostgresServer;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store alone at full speed, without HTTP: {@code senders} concurrent senders each send a callback to
 * {@link StorageAddresses#RECORD_CALLBACK} and the next one as soon as it is acknowledged; it prints the callbacks
 * acknowledged (durable) per second, and the commits' size and time. A bench program, not a test: run it with
 * {@code bench/store-bench.sh [h2|postgres] [SECONDS] [SENDERS] [fresh|calls]}.
 *
 * <p>{@code fresh}: each callback a leg of a call of its own, as the load tester's {@code callbacks} scenario sends
 * them. {@code calls}: each sender tells whole calls, a leg's initiated, ringing, in-progress and completed, then
 * the Dial action's outcome, one after the other, as Twilio does.
 */
public final class StoreBench {

  public static void main(String[] args) throws Exception {
    String database = args.length > 0 ? args[0] : "h2";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int senders = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    boolean wholeCalls = args.length > 3 && args[3].equals("calls");
    int warmupSeconds = Math.max(2, seconds / 3);

    PostgresServer postgres = database.equals("postgres") ? PostgresServer.start() : null;
    Path folder = TestConfig.freshDatabaseFolder();
    StorageSettings settings = postgres != null
        ? new StorageSettings(postgres.url(), postgres.user(), "", 4, 90, 8_192)
        : new StorageSettings("jdbc:h2:file:" + folder.resolve("switchboard"), "", "", 4, 90, 8_192);
    Vertx vertx = Vertx.vertx();
    SwitchboardMetrics metrics = new SwitchboardMetrics();
    Health health = new Health(new LiveDirectory(
        ConfigLoader.parse(TestConfig.json(TestConfig.freePort()), Map.of()).directory().entries()),
        DirectorySettings.Source.FILE);
    try {
      StorageAddresses.registerCodecs(vertx.eventBus());
      vertx.deployVerticle(new StorageVerticle(settings, health, metrics)).await();

      AtomicLong acknowledged = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      CountDownLatch stopped = new CountDownLatch(senders);
      for (int i = 0; i < senders; i++) {
        new Sender(vertx, wholeCalls, acknowledged, refused, running, stopped).next();
      }
      Thread.sleep(warmupSeconds * 1000L);
      long startCount = acknowledged.get();
      long startCommits = commits(metrics).count();
      double startCommitNanos = commits(metrics).totalTime(TimeUnit.NANOSECONDS);
      double startBatched = batches(metrics).totalAmount();
      long started = System.nanoTime();
      long last = startCount;
      for (int second = 1; second <= seconds; second++) {
        Thread.sleep(1000);
        long now = acknowledged.get();
        System.out.printf("%3d s  %8d callbacks/s%n", second, now - last);
        last = now;
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      long stored = acknowledged.get() - startCount;
      long commitCount = commits(metrics).count() - startCommits;
      running.set(false);
      stopped.await(30, TimeUnit.SECONDS);
      System.out.printf("%s, %s, %d senders: %.0f callbacks/s durable (%d in %.1f s), %d refused%n",
          database, wholeCalls ? "whole calls" : "a call per callback", senders, stored / elapsed, stored, elapsed,
          refused.get());
      System.out.printf("commits: %d, %.1f callbacks each, %.2f ms each%n", commitCount,
          (batches(metrics).totalAmount() - startBatched) / Math.max(1, commitCount),
          (commits(metrics).totalTime(TimeUnit.NANOSECONDS) - startCommitNanos) / 1e6 / Math.max(1, commitCount));
    } finally {
      vertx.close().await();
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static Timer commits(SwitchboardMetrics metrics) {
    return metrics.registry().find("switchboard.storage.commits").timer();
  }

  private static DistributionSummary batches(SwitchboardMetrics metrics) {
    return metrics.registry().find("switchboard.storage.commit.callbacks").summary();
  }

  /** One sender: a callback, then the next once the store answers. */
  private static final class Sender {

    private static final List<String> LEG_STATUSES = List.of("initiated", "ringing", "in-progress", "completed");

    private final Vertx vertx;
    private final boolean wholeCalls;
    private final AtomicLong acknowledged;
    private final AtomicLong refused;
    private final AtomicBoolean running;
    private final CountDownLatch stopped;
    private final String client = "client_" + StorageContract.hex(4);
    private String call;
    private String leg;
    private int step;

    Sender(Vertx vertx, boolean wholeCalls, AtomicLong acknowledged, AtomicLong refused, AtomicBoolean running,
           CountDownLatch stopped) {
      this.vertx = vertx;
      this.wholeCalls = wholeCalls;
      this.acknowledged = acknowledged;
      this.refused = refused;
      this.running = running;
      this.stopped = stopped;
    }

    void next() {
      if (!running.get()) {
        stopped.countDown();
        return;
      }
      vertx.eventBus().request(StorageAddresses.RECORD_CALLBACK, callback()).onComplete(reply -> {
        (reply.succeeded() ? acknowledged : refused).incrementAndGet();
        next();
      });
    }

    private CallCallback callback() {
      if (!wholeCalls || step == 0) {
        call = StorageContract.callSid();
        leg = StorageContract.callSid();
      }
      StorageContract.Callback callback;
      if (!wholeCalls) {
        callback = StorageContract.leg(call, leg, "ringing", 1, Instant.now(), client);
      } else if (step < LEG_STATUSES.size()) {
        callback = StorageContract.leg(call, leg, LEG_STATUSES.get(step), step, Instant.now(), client);
        if (step == 3) {
          callback = callback.with("CallDuration", "42");
        }
      } else {
        callback = StorageContract.dialAction(call, leg, "completed", "42", client);
      }
      step = (step + 1) % (LEG_STATUSES.size() + 1);
      return callback.toCallCallback();
    }
  }
}
