package io.switchboard.admin;

import io.switchboard.config.ConfigLoader;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The store's directory through the real server: the first start's import, the admin API's changes checked as the
 * file's entries are, the audit, and each change in force for webhooks and tokens at once on the node that made it
 * and within a second on another node of the same store. A subclass names the database.
 */
abstract class AdminDirectoryContract {

  static final String ADMIN = "ops";
  static final String PASSWORD = "correct horse battery staple";
  /**
   * {@link #PASSWORD}'s hash at 100,000 iterations, the least the server accepts: these tests authenticate dozens
   * of times, and each check costs the hash's work.
   */
  static final String PASSWORD_HASH =
      "pbkdf2-sha256$100000$LYkAng57XuvDvou/2EW1UQ$4Ix/pJuPP4Uib3fPAUSI66CaqhF5vZx/QFnk29m94Jw";
  static final String NEW_NUMBER = "+815031230000";

  private final List<Vertx> nodes = new ArrayList<>();

  /** The {@code storage} section of a database no test has used yet. */
  abstract JsonObject freshStorage() throws Exception;

  @AfterEach
  void stopNodes() {
    nodes.forEach(vertx -> vertx.close().await());
  }

  /** The test configuration with the directory in {@code storage}, and {@link #ADMIN} as its administrator. */
  static JsonObject storeConfig(JsonObject storage) {
    JsonObject config = TestConfig.json(TestConfig.freePort()).put("storage", storage);
    config.getJsonObject("directory").put("source", "store").put("reloadIntervalSeconds", 0);
    return config.put("admin", new JsonObject().put("users", new JsonArray()
        .add(new JsonObject().put("name", ADMIN).put("passwordHash", PASSWORD_HASH))));
  }

  /** A node on its own Vert.x, as a separate process would be; stopped after the test. */
  TestServer node(JsonObject config) {
    Vertx vertx = Vertx.vertx();
    nodes.add(vertx);
    return TestServer.deploy(vertx, ConfigLoader.parse(config, Map.of()), Optional.empty(), new SwitchboardMetrics())
        .await();
  }

  void stop(TestServer node) {
    Vertx vertx = nodes.remove(nodes.size() - 1);
    vertx.close().await();
  }

  @Test
  void theFirstStartImportsTheFilesEntriesAndARestartKeepsTheStores() throws Exception {
    JsonObject storage = freshStorage();
    TestServer first = node(storeConfig(storage));

    JsonObject listed = body(admin(first, first.client().get(AdminApi.DIRECTORY)).send().await(), 200);
    assertEquals(List.of(
            new JsonObject().put("phoneNumber", TestConfig.TWILIO_NUMBER).put("clientName", TestConfig.CLIENT)
                .put("ring", "all"),
            new JsonObject().put("phoneNumber", TestConfig.OTHER_TWILIO_NUMBER).put("clientName", TestConfig.OTHER_CLIENT)
                .put("ring", "all")),
        listed.getJsonArray("entries").stream().map(JsonObject.class::cast).toList());
    List<JsonObject> imported = changes(first);
    assertEquals(List.of("import", "import"), imported.stream().map(change -> change.getString("action")).toList());
    assertEquals("configuration file", imported.get(0).getString("by"));
    assertNull(imported.get(0).getValue("before"));

    body(admin(first, first.client().post(AdminApi.DIRECTORY)).sendJsonObject(entry(NEW_NUMBER, "DeviceId_0003"))
        .await(), 201);
    assertEquals(204, admin(first, first.client().delete(AdminApi.DIRECTORY + "/" + TestConfig.OTHER_TWILIO_NUMBER))
        .send().await().statusCode());
    stop(first);

    // The file's entries changed meanwhile: the store's stay in force, imported once only.
    JsonObject edited = storeConfig(storage);
    edited.getJsonObject("directory").getJsonArray("entries").add(entry("+815031238888", "DeviceId_0008"));
    TestServer restarted = node(edited);
    JsonObject after = body(admin(restarted, restarted.client().get(AdminApi.DIRECTORY)).send().await(), 200);
    assertEquals(List.of(TestConfig.TWILIO_NUMBER, NEW_NUMBER), numbers(after));
    assertEquals(4, changes(restarted).size(), "two imports, an add and a remove: nothing imported again");
    assertEquals("DeviceId_0003", token(restarted, NEW_NUMBER).getString("identity"));
    assertEquals(false, token(restarted, TestConfig.OTHER_TWILIO_NUMBER).getBoolean("success"));
    assertEquals(false, token(restarted, "+815031238888").getBoolean("success"));
  }

  @Test
  void aDirectoryEmptiedThroughTheApiIsNotImportedAgain() throws Exception {
    JsonObject storage = freshStorage();
    TestServer first = node(storeConfig(storage));
    for (String number : List.of(TestConfig.TWILIO_NUMBER, TestConfig.OTHER_TWILIO_NUMBER)) {
      assertEquals(204, admin(first, first.client().delete(AdminApi.DIRECTORY + "/" + number)).send().await()
          .statusCode());
    }
    stop(first);

    TestServer restarted = node(storeConfig(storage));
    assertEquals(List.of(), numbers(body(admin(restarted, restarted.client().get(AdminApi.DIRECTORY)).send().await(),
        200)));
    assertEquals(false, token(restarted, TestConfig.TWILIO_NUMBER).getBoolean("success"));
  }

  @Test
  void entriesAreAddedChangedAndRemovedWithTheFilesChecksAndEachChangeIsAudited() throws Exception {
    TestServer server = node(storeConfig(freshStorage()));

    HttpResponse<Buffer> added = admin(server, server.client().post(AdminApi.DIRECTORY))
        .sendJsonObject(entry("050-3123-0000", "DeviceId_0003")).await();
    assertEquals(new JsonObject().put("phoneNumber", NEW_NUMBER).put("clientName", "DeviceId_0003").put("ring", "all"),
        body(added, 201), "stored in E.164, in the file's shape");
    assertEquals(409, admin(server, server.client().post(AdminApi.DIRECTORY))
        .sendJsonObject(entry("+81 50 3123 0000", "DeviceId_0009")).await().statusCode());

    assertRefused(server.client().post(AdminApi.DIRECTORY), new JsonObject().put("phoneNumber", "+815031231111")
        .put("clients", new JsonArray().add("alice laptop")), 400,
        "clients: 'alice laptop' must be 1 to 100 letters, digits, '_', '.' or '-'", server);
    assertRefused(server.client().post(AdminApi.DIRECTORY), entry("+815031231111", "bob")
        .put("fallback", new JsonObject().put("forwardTo", "+815031231111")), 400,
        "fallback.forwardTo: is the entry's own number: the call would ring itself", server);
    assertRefused(server.client().post(AdminApi.DIRECTORY), entry("+815031231111", "bob").put("colour", "red"), 400,
        "colour: is not a known key", server);
    assertRefused(server.client().post(AdminApi.DIRECTORY), entry("not a number", "bob"), 400,
        "phoneNumber: 'not a number' is not a valid phone number", server);

    JsonObject group = new JsonObject().put("clients", new JsonArray().add("alice").add("bob")).put("ring", "sequential")
        .put("ringSeconds", 15).put("fallback", new JsonObject().put("voicemail", new JsonObject()
            .put("greeting", "Leave a message").put("language", "ja-JP").put("maxLengthSeconds", 60)));
    JsonObject changed = body(admin(server, server.client().put(AdminApi.DIRECTORY + "/050-3123-0000"))
        .sendJsonObject(group).await(), 200);
    assertEquals(group.copy().put("phoneNumber", NEW_NUMBER), changed);
    assertEquals(changed, body(admin(server, server.client().get(AdminApi.DIRECTORY + "/" + NEW_NUMBER)).send().await(),
        200));
    assertRefused(server.client().put(AdminApi.DIRECTORY + "/" + NEW_NUMBER), entry("+815031231111", "bob"), 400,
        "phoneNumber: an entry keeps its number; remove it and add the new number's", server);
    assertRefused(server.client().put(AdminApi.DIRECTORY + "/+815031231111"), entry("+815031231111", "bob"), 404,
        "no entry for +815031231111", server);

    assertEquals(204, admin(server, server.client().delete(AdminApi.DIRECTORY + "/" + NEW_NUMBER)).send().await()
        .statusCode());
    assertEquals(404, admin(server, server.client().delete(AdminApi.DIRECTORY + "/" + NEW_NUMBER)).send().await()
        .statusCode());
    assertEquals(404, admin(server, server.client().get(AdminApi.DIRECTORY + "/" + NEW_NUMBER)).send().await()
        .statusCode());

    List<JsonObject> audit = changes(server);
    assertEquals(List.of("remove", "change", "add", "import", "import"),
        audit.stream().map(change -> change.getString("action")).toList(), "newest first, refusals left out");
    JsonObject removal = audit.get(0);
    assertEquals(ADMIN, removal.getString("by"));
    assertEquals(NEW_NUMBER, removal.getString("phoneNumber"));
    assertEquals(changed, removal.getJsonObject("before"));
    assertNull(removal.getValue("after"));
    assertEquals(body(added, 201), audit.get(1).getJsonObject("before"));
    assertEquals(changed, audit.get(1).getJsonObject("after"));
    JsonObject page = body(admin(server, server.client().get(AdminApi.AUDIT + "?limit=2")).send().await(), 200);
    assertEquals(2, page.getJsonArray("changes").size());
    JsonObject rest = body(admin(server, server.client().get(AdminApi.AUDIT + "?limit=2&before="
        + page.getString("next"))).send().await(), 200);
    assertEquals(audit.subList(2, 4), rest.getJsonArray("changes").stream().map(JsonObject.class::cast)
        .toList());
  }

  @Test
  void aChangeIsInForceForTheNextWebhookAndTokenOnItsNodeAndWithinASecondOnAnother() throws Exception {
    JsonObject storage = freshStorage();
    TestServer a = node(storeConfig(storage));
    TestServer b = node(storeConfig(storage));
    // What the clustered event bus does between two processes: A's notice reaches B.
    nodes.get(0).eventBus().<JsonObject>consumer(AdminAddresses.CHANGED,
        notice -> nodes.get(1).eventBus().publish(AdminAddresses.CHANGED, notice.body())).completion().await();
    List<JsonObject> announced = new CopyOnWriteArrayList<>();
    nodes.get(0).eventBus().<JsonObject>consumer(LiveDirectory.EVENTS_ADDRESS, event -> announced.add(event.body()))
        .completion().await();
    String hashBefore = directoryHealth(a).getString("hash");
    assertEquals(hashBefore, directoryHealth(b).getString("hash"));

    body(admin(a, a.client().post(AdminApi.DIRECTORY)).sendJsonObject(entry(NEW_NUMBER, "DeviceId_0003")).await(),
        201);
    assertEquals("DeviceId_0003", token(a, NEW_NUMBER).getString("identity"), "in force when the admin is answered");
    assertEquals(List.of("Client:DeviceId_0003"), incomingCall(a, NEW_NUMBER).dialed());
    assertEquals(List.of(new JsonObject()), announced, "the browsers are told once");

    body(admin(a, a.client().put(AdminApi.DIRECTORY + "/" + NEW_NUMBER))
        .sendJsonObject(new JsonObject().put("clientName", "DeviceId_0004")).await(), 200);
    assertEquals(List.of("Client:DeviceId_0004"), incomingCall(a, NEW_NUMBER).dialed());
    String hashAfter = directoryHealth(a).getString("hash");
    assertNotEquals(hashBefore, hashAfter);

    // B reads the store again on A's notice: it has no periodic reading (reloadIntervalSeconds 0).
    long deadline = System.currentTimeMillis() + 1_000;
    withinDeadline(deadline, () -> token(b, NEW_NUMBER), answer -> "DeviceId_0004".equals(answer.getString("identity")));
    assertEquals(List.of("Client:DeviceId_0004"), incomingCall(b, NEW_NUMBER).dialed());
    assertEquals(new JsonObject().put("source", "store").put("hash", hashAfter), directoryHealth(b));
  }

  @Test
  void anAdministratorMustAuthenticateAndIsLockedOutAfterTooManyFailures() throws Exception {
    JsonObject config = storeConfig(freshStorage());
    config.getJsonObject("security").put("maxFailedAttempts", 3);
    TestServer server = node(config);

    HttpResponse<Buffer> anonymous = server.client().get(AdminApi.DIRECTORY).send().await();
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.getHeader("WWW-Authenticate").startsWith("Basic "));
    assertEquals(401, server.client().get(AdminApi.DIRECTORY).basicAuthentication("nobody", PASSWORD).send().await()
        .statusCode());
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpResponse<Buffer> wrong = server.client().post(AdminApi.DIRECTORY).basicAuthentication(ADMIN, "guess")
          .sendJsonObject(entry(NEW_NUMBER, "intruder")).await();
      assertEquals(new JsonObject().put("error", "wrong user or password"), body(wrong, 401));
    }
    HttpResponse<Buffer> locked = admin(server, server.client().get(AdminApi.DIRECTORY)).send().await();
    assertEquals(429, locked.statusCode(), "locked out, even with the right password");
    assertTrue(Long.parseLong(locked.getHeader("Retry-After")) > 0);
    assertEquals(false, token(server, NEW_NUMBER).getBoolean("success"), "nothing was added");
  }

  // --- helpers

  static JsonObject entry(String number, String client) {
    return new JsonObject().put("phoneNumber", number).put("clientName", client);
  }

  static HttpRequest<Buffer> admin(TestServer server, HttpRequest<Buffer> request) {
    return request.basicAuthentication(ADMIN, PASSWORD);
  }

  static JsonObject body(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    return response.bodyAsJsonObject();
  }

  private static void assertRefused(HttpRequest<Buffer> request, JsonObject entry, int status, String error,
                                    TestServer server) {
    assertEquals(new JsonObject().put("error", error), body(admin(server, request).sendJsonObject(entry).await(), status));
  }

  private static List<String> numbers(JsonObject listed) {
    return listed.getJsonArray("entries").stream().map(entry -> ((JsonObject) entry).getString("phoneNumber")).toList();
  }

  static List<JsonObject> changes(TestServer server) {
    return body(admin(server, server.client().get(AdminApi.AUDIT)).send().await(), 200).getJsonArray("changes")
        .stream().map(JsonObject.class::cast).toList();
  }

  static JsonObject token(TestServer server, String number) {
    return server.post(CAPABILITY_TOKEN).sendJsonObject(new JsonObject().put("twilioPhoneNumber", number)).await()
        .bodyAsJsonObject();
  }

  static JsonObject directoryHealth(TestServer server) {
    return server.client().get("/health").send().await().bodyAsJsonObject().getJsonObject("directory");
  }

  private static Twiml incomingCall(TestServer server, String number) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", "CA1f0000000000000000000000000000ab")
        .add("CallStatus", "ringing").add("Direction", "inbound").add("From", "+819059876543").add("To", number)
        .add("Called", number).add("Caller", "+819059876543");
    HttpResponse<Buffer> answer = server.postSignedWebhook(CALL_INCOMING, form).await();
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return Twiml.parse(answer.bodyAsString());
  }

  private static void withinDeadline(long deadline, Supplier<JsonObject> ask, Predicate<JsonObject> done)
      throws InterruptedException {
    while (true) {
      JsonObject answer = ask.get();
      if (done.test(answer)) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        fail("not in force within a second: " + answer);
      }
      Thread.sleep(50);
    }
  }
}
