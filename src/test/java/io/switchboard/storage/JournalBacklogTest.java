package io.switchboard.storage;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.http.ApiPaths;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's bound over HTTP, on the running server: with more callbacks acknowledged and not yet in the records
 * than {@code storage.maxBacklog}, a status callback gets 503 at once, counted as {@code backlog}, and /health says
 * how far the records lag; once the projection has caught up, callbacks are taken again.
 */
class JournalBacklogTest {

  private static final int MAX_BACKLOG = 1_000;
  private static final String CLIENT = "client_" + StorageContract.hex(6);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void pastTheMaxBacklogCallbacksGet503UntilTheRecordsCatchUp() {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("storage").put("maxBacklog", MAX_BACKLOG);
    SwitchboardConfig config = ConfigLoader.parse(json, Map.of());
    // A journal that a killed server left full: far more than the bound, so that it takes the projector a while.
    Database.migrate(config.storage());
    List<StoredCallback> left = new ArrayList<>();
    for (int i = 0; i < 20 * MAX_BACKLOG; i++) {
      left.add(CallbackEvent.of(StorageContract.leg(StorageContract.callSid(), StorageContract.callSid(), "ringing",
          1, Instant.now(), CLIENT).toCallCallback()));
    }
    Pool records = Database.pool(vertx, config.storage(), "journal-test", 1);
    CallbackJournal journal = CallbackJournal.open(vertx, config.storage(), records);
    journal.append(left).await();
    journal.close().await();
    records.close().await();

    SwitchboardMetrics metrics = new SwitchboardMetrics();
    TestServer server = TestServer.deploy(vertx, config, Optional.empty(), metrics).await();

    assertEquals(503, postRinging(server));
    assertTrue(storage(server).getLong("backlog") > MAX_BACKLOG, "/health: " + storage(server));
    assertEquals(1.0, metrics.registry().find("switchboard.storage.callbacks.rejected").tag("reason", "backlog")
        .counter().count());

    long deadline = System.nanoTime() + 60_000_000_000L;
    while (storage(server).getLong("backlog") >= MAX_BACKLOG && System.nanoTime() < deadline) {
      vertx.timer(100).await();
    }
    assertEquals(204, postRinging(server), "taken again once the records caught up: " + storage(server));
  }

  private static int postRinging(TestServer server) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallSid", StorageContract.callSid())
        .add("ParentCallSid", StorageContract.callSid())
        .add("CallStatus", "ringing")
        .add("SequenceNumber", "1")
        .add("Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atZone(ZoneOffset.UTC)))
        .add("From", StorageContract.CALLER)
        .add("To", "client:" + CLIENT);
    String path = ApiPaths.LEG_STATUS + "?direction=incoming&number=%2B815031234567&client=" + CLIENT;
    return server.postSignedWebhook(path, form).await().statusCode();
  }

  private static JsonObject storage(TestServer server) {
    return server.client().get("/health").send().await().bodyAsJsonObject().getJsonObject("checks")
        .getJsonObject("storage");
  }
}
