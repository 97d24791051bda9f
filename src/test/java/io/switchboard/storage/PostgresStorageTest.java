package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.switchboard.support.PostgresPerClass;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    return new StorageSettings(postgres.server().url(), postgres.server().user(), "", 4, retentionDays, queueSize);
  }

  @Override
  StorageSettings freshDatabase() {
    String name = "fresh_" + hex(6);
    Pool server = Database.pool(vertx, settings(90, 4_096), "create-database", 1);
    server.query("CREATE DATABASE " + name).execute().await();
    server.close().await();
    return new StorageSettings(postgres.server().url().replaceFirst("/[^/]+$", "/" + name),
        postgres.server().user(), "", 4, 90, 4_096);
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

  private JsonObject storageHealth() {
    return health.report().getJsonObject("checks").getJsonObject("storage");
  }
}
