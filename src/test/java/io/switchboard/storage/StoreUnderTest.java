package io.switchboard.storage;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.DirectorySettings;
import io.switchboard.config.StorageSettings;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.ops.Health;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
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
  private StorageSettings inForce;

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
    undeploy();
    inForce = settings;
    deployment = vertx.deployVerticle(new StorageVerticle(settings, health, metrics)).await();
  }

  /** Stops the store in force, as a shutdown does. */
  void undeploy() {
    if (deployment != null) {
      vertx.undeploy(deployment).await();
      deployment = null;
    }
  }

  /** Appends {@code callbacks} to the journal of the store's database in one transaction, as a store does. */
  void appendToJournal(List<StoredCallback> callbacks) {
    Pool records = Database.pool(vertx, inForce, "journal-test", 1);
    CallbackJournal journal = CallbackJournal.open(vertx, inForce, records);
    try {
      journal.append(callbacks).await();
    } finally {
      journal.close().await();
      records.close().await();
    }
  }

  /** The callbacks in the journal, acknowledged and not yet in the records, as /health tells them. */
  long backlog() {
    return health.report().getJsonObject("checks").getJsonObject("storage").getLong("backlog");
  }
}
