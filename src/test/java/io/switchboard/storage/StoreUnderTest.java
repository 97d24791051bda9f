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

import java.util.Map;

/**
 * A {@link StorageVerticle} deployed alone on a Vert.x of its own for each test, on the database a subclass names:
 * what the store's suites (calls, voicemails) have in common.
 */
abstract class StoreUnderTest {

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

  /** Replaces the store in force with one on {@code settings}. */
  void deploy(StorageSettings settings) {
    if (deployment != null) {
      vertx.undeploy(deployment).await();
    }
    deployment = vertx.deployVerticle(new StorageVerticle(settings, health, metrics)).await();
  }
}
