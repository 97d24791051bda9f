package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.switchboard.support.PostgresPerClass;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The store's suite on a real PostgreSQL, one server for the class; and what only a server can show: the database
 * going away under the store and coming back.
 */
@Tag("postgres")
class PostgresStorageTest extends StorageContract {

  @RegisterExtension
  static final PostgresPerClass postgres = new PostgresPerClass();

  @Override
  StorageSettings settings(int retentionDays, int queueSize) {
    return new StorageSettings(postgres.server().url(), postgres.server().user(), "", 4, retentionDays, queueSize, 1_000_000);
  }

  @Test
  void withTheDatabaseDownCallbacksAreRefusedAtOnceAndTheStoreRecoversByItself() throws Exception {
    String before = callSid();
    store(leg(before, callSid(), "ringing", 1, Instant.now(), client));
    assertEquals("UP", storageHealth().getString("status"));

    postgres.server().stop();
    try {
      String during = callSid();
      // The first callback finds the pool's connection dead; from then on each is refused without trying.
      for (int i = 0; i < 5; i++) {
        long started = System.nanoTime();
        int status = refusal(StorageAddresses.RECORD_CALLBACK,
            leg(during, callSid(), "ringing", 1, Instant.now(), client).toCallCallback());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, status);
        assertTrue(millis < 3_000, "refused in " + millis + " ms");
      }
      JsonObject down = storageHealth();
      assertEquals("DOWN", down.getString("status"));
      assertFalse(down.getString("reason", "").isBlank(), "DOWN says why: " + down);
      assertEquals(503, refusal(StorageAddresses.LIST_CALLS, new CallQuery(client, 10, Optional.empty())));
    } finally {
      postgres.server().restart();
    }

    awaitTrue(() -> "UP".equals(storageHealth().getString("status")), "storage UP again");
    String after = callSid();
    store(leg(after, callSid(), "ringing", 1, Instant.now(), client));
    assertEquals(2, list(client, 10, Optional.empty()).calls().size());
    assertTrue(rejected("unavailable") >= 5);
  }

  /**
   * Two stores on one database, as two nodes of a cluster: each journal row is claimed by one projector, and once
   * only, however their passes interleave.
   */
  @Test
  void twoStoresOnOneDatabaseProjectEachJournalRowOnce() {
    Vertx otherNode = Vertx.vertx();
    SwitchboardMetrics otherMetrics = new SwitchboardMetrics();
    try {
      StorageAddresses.registerCodecs(otherNode.eventBus());
      otherNode.deployVerticle(new StorageVerticle(settings(90, 4_096), health, otherMetrics)).await();
      int rows = 6 * JournalProjector.MAX_PASS;
      List<StoredCallback> callbacks = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        callbacks.add(CallbackEvent.of(leg(callSid(), callSid(), "ringing", 1, Instant.now(), client)
            .toCallCallback()));
      }
      // Appended behind both stores' backs: their sweeps find the rows, at the same time or one after the other.
      appendToJournal(callbacks);

      long deadline = System.nanoTime() + 60_000_000_000L;
      while (projected(metrics) + projected(otherMetrics) < rows && System.nanoTime() < deadline) {
        vertx.timer(50).await();
      }
      vertx.timer(1_500).await();
      assertEquals(rows, projected(metrics) + projected(otherMetrics),
          "projected here " + projected(metrics) + ", there " + projected(otherMetrics));
      assertEquals(CallQuery.MAX_LIMIT, list(client, CallQuery.MAX_LIMIT, Optional.empty()).calls().size());
    } finally {
      otherNode.close().await();
    }
  }

  private static long projected(SwitchboardMetrics metrics) {
    return (long) metrics.registry().find("switchboard.storage.projection.callbacks").summary().totalAmount();
  }

  private JsonObject storageHealth() {
    return health.report().getJsonObject("checks").getJsonObject("storage");
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 15 s: " + what);
      }
      Thread.sleep(100);
    }
  }
}
