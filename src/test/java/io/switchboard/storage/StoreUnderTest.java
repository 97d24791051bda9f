package io.switchboard.storage;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.DirectorySettings;
import io.switchboard.config.StorageSettings;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.ops.Health;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@link StorageVerticle} deployed alone on a Vert.x of its own for each test, on the database a subclass names:
 * what the store's suites (calls, voicemails) have in common.
 */
abstract class StoreUnderTest {

  /**
   * Midnight two days ago: the day of the tests' calls, always inside the retention their store is deployed with (a
   * fixed date would fall out of it one day, and its calls with it).
   */
  static final Instant RECENT_DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);

  final Vertx vertx = Vertx.vertx();
  final SwitchboardMetrics metrics = new SwitchboardMetrics();
  final Health health = new Health(
      new LiveDirectory(ConfigLoader.parse(TestConfig.json(TestConfig.freePort()), Map.of()).directory().entries()),
      DirectorySettings.Source.FILE);
  private String deployment;

  /** The database under test, with {@code retentionDays} and {@code queueSize}. */
  abstract StorageSettings settings(int retentionDays, int queueSize);

  @BeforeEach
  void deployStore() {
    StorageAddresses.registerCodecs(vertx.eventBus());
    deploy(settings(90, 4_096));
  }

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  /** Waits for what the store does on its own time (a probe, the retention) to make {@code condition} true. */
  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 15 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Replaces the store in force with one on {@code settings}. */
  void deploy(StorageSettings settings) {
    if (deployment != null) {
      vertx.undeploy(deployment).await();
    }
    deployment = vertx.deployVerticle(new StorageVerticle(settings, health, metrics)).await();
  }
}
