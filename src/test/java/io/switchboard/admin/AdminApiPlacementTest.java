package io.switchboard.admin;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.switchboard.admin.AdminDirectoryContract.ADMIN;
import static io.switchboard.admin.AdminDirectoryContract.PASSWORD;
import static io.switchboard.admin.AdminDirectoryContract.body;
import static io.switchboard.admin.AdminDirectoryContract.directoryHealth;
import static io.switchboard.admin.AdminDirectoryContract.storeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the admin API is served, when it is off, what its settings refuse, and what the file's directory shows on
 * /health: the parts that need no particular database.
 */
@ExtendWith(VertxExtension.class)
class AdminApiPlacementTest {

  @RegisterExtension
  final CapturedLogs logs = CapturedLogs.all();

  private static JsonObject h2() {
    return new JsonObject().put("url", "jdbc:h2:file:" + TestConfig.freshDatabaseFolder().resolve("switchboard"));
  }

  @Test
  void withAManagementPortTheAdminApiIsServedThereOnlyAndNoSecretIsLogged(Vertx vertx) {
    int managementPort = TestConfig.freePort();
    JsonObject config = storeConfig(h2()).put("management", new JsonObject().put("port", managementPort));
    TestServer server = TestServer.start(vertx, config).await();
    WebClient management = WebClient.create(vertx);

    assertEquals(404, server.client().get(AdminApi.DIRECTORY).basicAuthentication(ADMIN, PASSWORD).send().await()
        .statusCode(), "not on the public port");
    assertEquals(401, management.get(managementPort, "127.0.0.1", AdminApi.DIRECTORY)
        .basicAuthentication(ADMIN, "a wrong guess").send().await().statusCode());
    HttpResponse<Buffer> listed = management.get(managementPort, "127.0.0.1", AdminApi.DIRECTORY)
        .basicAuthentication(ADMIN, PASSWORD).send().await();
    assertEquals(2, body(listed, 200).getJsonArray("entries").size());
    assertEquals("no-store", listed.getHeader("Cache-Control"));
    HttpResponse<Buffer> health = management.get(managementPort, "127.0.0.1", "/health").send().await();
    assertEquals("store", health.bodyAsJsonObject().getJsonObject("directory").getString("source"));
    String scrape = management.get(managementPort, "127.0.0.1", "/metrics").send().await().bodyAsString();
    assertTrue(scrape.lines().anyMatch(line -> line.startsWith("switchboard_http_requests_seconds_count{method=\"GET\","
        + "route=\"/admin/api/directory\",status=\"401\"} ")), "the management port's requests are timed too");

    for (ILoggingEvent event : logs.events()) {
      String line = event.getFormattedMessage();
      assertFalse(line.contains(PASSWORD) || line.contains("a wrong guess"), "a secret in the log: " + line);
    }
  }

  /**
   * On the public port, the admin API's requests are timed under their routes' patterns, whatever the answer: never
   * under {@code other}, never under a raw path with a phone number in it.
   */
  @Test
  void theAdminApisRequestsAreCountedUnderItsRoutes(Vertx vertx) {
    TestServer server = TestServer.start(vertx, storeConfig(h2())).await();
    WebClient client = server.client();
    String entry = AdminApi.DIRECTORY + "/%2B815031234567";

    body(client.get(AdminApi.DIRECTORY).basicAuthentication(ADMIN, PASSWORD).send().await(), 200);
    body(client.get(AdminApi.AUDIT).basicAuthentication(ADMIN, PASSWORD).send().await(), 200);
    body(client.get(entry).basicAuthentication(ADMIN, PASSWORD).send().await(), 200);
    body(client.get(AdminApi.DIRECTORY + "/+815031230000").basicAuthentication(ADMIN, PASSWORD).send().await(), 404);
    assertEquals(401, client.delete(entry).send().await().statusCode());
    assertEquals(404, client.get(AdminApi.PREFIX + "nothing-here").basicAuthentication(ADMIN, PASSWORD).send()
        .await().statusCode());

    String scrape = client.get("/metrics").send().await().bodyAsString();
    List<String> series = scrape.lines().filter(line -> line.startsWith("switchboard_http_requests_seconds_count{"))
        .toList();
    for (String counted : List.of(
        "method=\"GET\",route=\"/admin/api/directory\",status=\"200\"",
        "method=\"GET\",route=\"/admin/api/directory/audit\",status=\"200\"",
        "method=\"GET\",route=\"/admin/api/directory/:phoneNumber\",status=\"200\"",
        "method=\"GET\",route=\"/admin/api/directory/:phoneNumber\",status=\"404\"",
        "method=\"DELETE\",route=\"/admin/api/directory/:phoneNumber\",status=\"401\"",
        "method=\"GET\",route=\"other\",status=\"404\"")) {
      assertTrue(series.stream().anyMatch(line -> line.startsWith("switchboard_http_requests_seconds_count{"
          + counted + "} ") && !line.endsWith(" 0.0")), counted + " in:\n" + String.join("\n", series));
    }
    assertTrue(series.stream().noneMatch(line -> line.contains("815031") || line.contains("nothing-here")),
        "raw paths are no label:\n" + String.join("\n", series));
  }

  @Test
  void withoutAdministratorsTheAdminApiIsOffAndSaysSo(Vertx vertx) {
    TestServer server = TestServer.start(vertx).await();

    HttpResponse<Buffer> off = server.client().get(AdminApi.DIRECTORY).basicAuthentication(ADMIN, PASSWORD).send()
        .await();
    assertEquals(new JsonObject().put("error", "the admin API is off: it needs directory.source \"store\" and"
        + " admin.users in the configuration"), body(off, 404));
  }

  @Test
  void theFilesDirectoryHashIsTheSameForTheSameEntriesHoweverWritten() {
    JsonObject respelled = TestConfig.json(TestConfig.freePort());
    respelled.getJsonObject("directory").put("entries", new JsonArray()
        .add(new JsonObject().put("phoneNumber", "050-3123-4567").put("clients", new JsonArray().add(TestConfig.CLIENT))
            .put("ring", "all"))
        .add(new JsonObject().put("phoneNumber", "+815031239999").put("clientName", TestConfig.OTHER_CLIENT)));
    JsonObject reordered = TestConfig.json(TestConfig.freePort());
    JsonArray entries = reordered.getJsonObject("directory").getJsonArray("entries");
    reordered.getJsonObject("directory").put("entries", new JsonArray().add(entries.getValue(1)).add(entries.getValue(0)));

    JsonObject original = directoryOfANode(TestConfig.json(TestConfig.freePort()));
    assertEquals("file", original.getString("source"));
    assertEquals(original, directoryOfANode(respelled));
    assertEquals(false, original.equals(directoryOfANode(reordered)),
        "the order decides a client's first entry: it is part of the directory");
  }

  /** /health's directory on a node of its own, as another machine would report it. */
  private static JsonObject directoryOfANode(JsonObject config) {
    Vertx vertx = Vertx.vertx();
    try {
      return directoryHealth(TestServer.start(vertx, config).await());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void administratorsNeedTheStoreAsTheSourceAndAHashNeverAPassword() {
    JsonObject fileSource = storeConfig(h2());
    fileSource.getJsonObject("directory").put("source", "file");
    assertEquals("admin.users: the admin API changes the store's directory: set directory.source to \"store\"",
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(fileSource, Map.of())).getMessage());

    JsonObject clearPassword = storeConfig(h2());
    clearPassword.getJsonObject("admin").getJsonArray("users").getJsonObject(0).put("passwordHash", PASSWORD);
    String refused = assertThrows(ConfigException.class, () -> ConfigLoader.parse(clearPassword, Map.of()))
        .getMessage();
    assertEquals("admin.users[0].passwordHash: must be pbkdf2-sha256$<iterations>$<salt>$<hash>, as hash-secret"
        + " prints it", refused);
  }
}
