package io.switchboard;

import io.switchboard.admin.AdminApi;
import io.switchboard.events.EventsApi;
import io.switchboard.http.ApiPaths;
import io.switchboard.loadtest.AcknowledgedCallback;
import io.switchboard.security.SecretHash;
import io.switchboard.support.PostgresServer;
import io.switchboard.support.ServerProcess;
import io.switchboard.support.SseClient;
import io.switchboard.support.TwilioCallbacks;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.TwilioSignatures;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three nodes of the jar as separate processes on loopback, one PostgreSQL, behind nginx running
 * {@code deploy/nginx.conf}: webhooks and tokens answered through nginx with signatures for its public URL, a
 * lock-out earned on one node holding on the others, a voicemail whose callbacks went to one node told to a
 * browser's event stream held on another, a change to the store's directory made on one node in force on the others
 * within a second, a node killed under whole calls without losing an acknowledged callback or a record of a call
 * whose requests were answered, and a rolling restart under whole calls that fails no request and leaves every
 * call's record as played. Small heaps: the machine has two cores.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterIT {

  private static final int NODES = 3;
  private static final int MAX_FAILED_ATTEMPTS = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Path NGINX = Path.of("/usr/sbin/nginx");
  /** A line whose client never opens a page: no presence looked up, and a voicemail when nobody answers. */
  private static final String VOICEMAIL_NUMBER = "+815031237777";
  private static final String VOICEMAIL_CLIENT = "DeviceId_0077";
  private static final String CALLER = "+442071234567";
  private static final String ADMIN = "ops";
  private static final String ADMIN_PASSWORD = "cluster admin passphrase";
  /** The load tester's connections, each with at most one request in flight. */
  private static final int LOAD_CONNECTIONS = 8;
  private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
  private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+UseSerialGC");

  private Path folder;
  private PostgresServer postgres;
  private Process nginx;
  private int publicPort;
  private final int[] httpPorts = new int[NODES];
  private final Path[] confs = new Path[NODES];
  private final ServerProcess[] nodes = new ServerProcess[NODES];
  private Vertx vertx;
  private WebClient client;

  @BeforeAll
  void startClusterBehindNginx() throws Exception {
    assumeTrue(PostgresServer.isInstalled(), "PostgreSQL's binaries (apt-get install postgresql)");
    assumeTrue(Files.isExecutable(NGINX), "nginx (apt-get install nginx-light)");
    folder = Files.createTempDirectory("switchboard-cluster");
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    postgres = PostgresServer.start();
    publicPort = TestConfig.freePort();
    int[] clusterPorts = new int[NODES];
    String adminPasswordHash = SecretHash.of(ADMIN_PASSWORD.toCharArray()).encoded();
    JsonArray members = new JsonArray();
    for (int i = 0; i < NODES; i++) {
      httpPorts[i] = TestConfig.freePort();
      clusterPorts[i] = TestConfig.freePort();
      members.add("127.0.0.1:" + clusterPorts[i]);
    }
    for (int i = 0; i < NODES; i++) {
      JsonObject config = TestConfig.json(httpPorts[i])
          .put("storage", new JsonObject().put("url", postgres.url()).put("user", postgres.user()))
          .put("cluster", new JsonObject().put("enabled", true).put("host", "127.0.0.1")
              .put("port", clusterPorts[i]).put("members", members));
      // The directory in the shared store, as a cluster keeps it: imported from these entries on the first start.
      config.getJsonObject("directory").put("source", "store").put("reloadIntervalSeconds", 0);
      config.put("admin", new JsonObject().put("users", new JsonArray()
          .add(new JsonObject().put("name", ADMIN).put("passwordHash", adminPasswordHash))));
      config.getJsonObject("directory").getJsonArray("entries").add(new JsonObject()
          .put("phoneNumber", VOICEMAIL_NUMBER).put("clientName", VOICEMAIL_CLIENT).put("presence", false)
          .put("fallback", new JsonObject().put("voicemail", new JsonObject())));
      config.getJsonObject("http").put("accessLog", false).put("clientAddressHeader", "X-Forwarded-For");
      config.getJsonObject("twilio").put("publicBaseUrl", "http://127.0.0.1:" + publicPort);
      config.getJsonObject("security").put("maxFailedAttempts", MAX_FAILED_ATTEMPTS);
      confs[i] = folder.resolve("node" + (i + 1) + ".json");
      Files.writeString(confs[i], config.encodePrettily());
    }
    // One after the other, as an operator adds nodes: the first creates the schema, the others join it.
    for (int i = 0; i < NODES; i++) {
      nodes[i] = startNode(i);
      nodes[i].awaitOutput("Switchboard listening on", START_TIMEOUT);
    }
    awaitMembers(NODES);
    startNginx();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly().waitFor();
      }
    }
    for (ServerProcess node : nodes) {
      if (node != null) {
        node.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void webhooksAndTokensAreAnsweredThroughNginxWithSignaturesForItsPublicUrl() throws Exception {
    String url = "http://127.0.0.1:" + publicPort + ApiPaths.CALL_INCOMING;
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", "CA" + "0".repeat(31) + "1").add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("From", "+442071234567").add("To", TestConfig.TWILIO_NUMBER).add("Direction", "inbound");
    for (int request = 0; request < NODES; request++) {
      HttpResponse<Buffer> twiml = client.postAbs(url)
          .putHeader("X-Twilio-Signature", TwilioSignatures.sign(url, form)).sendForm(form).await();
      assertEquals(200, twiml.statusCode(), twiml.bodyAsString());
      assertEquals(List.of("Client:" + TestConfig.CLIENT), Twiml.parse(twiml.bodyAsString()).dialed());
    }
    HttpResponse<Buffer> forged = client.postAbs(url)
        .putHeader("X-Twilio-Signature", TwilioSignatures.sign("https://elsewhere.example.com" + ApiPaths.CALL_INCOMING,
            form)).sendForm(form).await();
    assertEquals(403, forged.statusCode(), "a signature for another URL is refused");

    HttpResponse<Buffer> token = client.postAbs("http://127.0.0.1:" + publicPort + ApiPaths.CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await();
    assertEquals(200, token.statusCode(), token.bodyAsString());
    assertNotNull(token.bodyAsJsonObject().getString("capabilityToken"), token.bodyAsString());
  }

  @Test
  @Order(2)
  void aLockOutEarnedOnNodeOneHoldsOnNodesTwoAndThree() {
    String attacker = "203.0.113.66";
    for (int attempt = 0; attempt < MAX_FAILED_ATTEMPTS; attempt++) {
      assertEquals(200, unknownNumberFrom(attacker, 0).statusCode(), "a failed attempt is answered as such");
    }
    HttpResponse<Buffer> onTwo = unknownNumberFrom(attacker, 1);
    HttpResponse<Buffer> onThree = unknownNumberFrom(attacker, 2);
    HttpResponse<Buffer> someoneElse = unknownNumberFrom("203.0.113.67", 2);

    assertEquals(429, onTwo.statusCode(), onTwo.bodyAsString());
    assertTrue(Long.parseLong(onTwo.getHeader("Retry-After")) > 0);
    assertEquals(429, onThree.statusCode(), onThree.bodyAsString());
    assertEquals(200, someoneElse.statusCode(), "another address is not locked out");
  }

  @Test
  @Order(3)
  void aStreamOnNodeTwoIsToldTheVoicemailWhoseCallbacksWentToNodeThree() {
    HttpResponse<Buffer> token = client.post(httpPorts[1], "127.0.0.1", ApiPaths.CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", VOICEMAIL_NUMBER)
            .put("clientName", VOICEMAIL_CLIENT)).await();
    assertEquals(200, token.statusCode(), token.bodyAsString());
    try (SseClient onTwo = SseClient.open(vertx, httpPorts[1], EventsApi.EVENTS,
        Map.of("Authorization", "Bearer " + token.bodyAsJsonObject().getString("accessToken")))) {
      assertEquals(200, onTwo.status());
      // Twilio's whole call, every request to node 3 and signed for the public URL it was given.
      String call = TwilioCallbacks.sid("CA");
      HttpResponse<Buffer> incoming = postSignedToNode(2, publicUrl() + ApiPaths.CALL_INCOMING,
          MultiMap.caseInsensitiveMultiMap().add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", call)
              .add("CallStatus", "ringing").add("Direction", "inbound").add("From", CALLER).add("To", VOICEMAIL_NUMBER));
      assertEquals(200, incoming.statusCode(), incoming.bodyAsString());
      Element dial = Twiml.parse(incoming.bodyAsString()).only("Dial");
      String legStatus = Twiml.children(dial).get(0).getAttribute("statusCallback");
      String leg = TwilioCallbacks.sid("CA");
      for (String status : List.of("ringing", "no-answer")) {
        assertEquals(204, postSignedToNode(2, legStatus, MultiMap.caseInsensitiveMultiMap()
            .add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", leg).add("ParentCallSid", call)
            .add("CallStatus", status).add("SequenceNumber", status.equals("ringing") ? "1" : "2")
            .add("From", CALLER).add("To", "client:" + VOICEMAIL_CLIENT)).statusCode(), status);
      }
      HttpResponse<Buffer> action = postSignedToNode(2, dial.getAttribute("action"), MultiMap.caseInsensitiveMultiMap()
          .add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", call).add("From", CALLER)
          .add("To", VOICEMAIL_NUMBER).add("DialCallStatus", "no-answer"));
      assertEquals(200, action.statusCode(), action.bodyAsString());
      Element record = Twiml.parse(action.bodyAsString()).only("Record");
      String recording = TwilioCallbacks.sid("RE");
      assertEquals(204, postSignedToNode(2, record.getAttribute("recordingStatusCallback"),
          MultiMap.caseInsensitiveMultiMap().add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", call)
              .add("RecordingSid", recording).add("RecordingUrl", "https://recordings.test/" + recording)
              .add("RecordingStatus", "completed").add("RecordingDuration", "7")).statusCode());

      List<String> told = new ArrayList<>();
      SseClient.Event event;
      do {
        event = onTwo.next(EVENT_WAIT);
        assertEquals(call, event.data().getString("callSid"), "only this call's events: " + event);
        told.add(event.type());
      } while (!event.type().equals("voicemail.new"));
      assertTrue(told.contains("call.ringing") && told.contains("call.missed"), told.toString());
      assertEquals(recording, event.data().getString("voicemailId"));
      assertEquals(CALLER, event.data().getString("from"));
      assertEquals(7, event.data().getInteger("durationSeconds"));
    }
  }

  @Test
  @Order(4)
  void aDirectoryChangeMadeOnNodeOneIsInForceOnNodesTwoAndThreeWithinASecond() throws Exception {
    String number = "+815031238888";
    String newClient = "DeviceId_0088";
    String hashBefore = directoryHash(0);
    assertEquals(List.of(hashBefore, hashBefore), List.of(directoryHash(1), directoryHash(2)), "all agree before");
    HttpResponse<Buffer> added = client.post(httpPorts[0], "127.0.0.1", AdminApi.DIRECTORY)
        .basicAuthentication(ADMIN, ADMIN_PASSWORD)
        .sendJsonObject(new JsonObject().put("phoneNumber", number).put("clientName", newClient)).await();
    assertEquals(201, added.statusCode(), added.bodyAsString());
    long changed = System.nanoTime();
    String hashAfter = directoryHash(0);
    assertNotEquals(hashBefore, hashAfter, "in force at once on the node that made it");

    List<String> others = List.of(directoryHash(1), directoryHash(2));
    while (!others.equals(List.of(hashAfter, hashAfter)) && System.nanoTime() - changed < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(50);
      others = List.of(directoryHash(1), directoryHash(2));
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
    assertEquals(List.of(hashAfter, hashAfter), others, "the hash of nodes 2 and 3 after " + tookMillis + " ms");
    assertTrue(tookMillis <= 1_000, "in force on nodes 2 and 3 after " + tookMillis + " ms");
    HttpResponse<Buffer> twiml = postSignedToNode(2, publicUrl() + ApiPaths.CALL_INCOMING,
        MultiMap.caseInsensitiveMultiMap().add("AccountSid", TestConfig.ACCOUNT_SID)
            .add("CallSid", TwilioCallbacks.sid("CA")).add("CallStatus", "ringing").add("Direction", "inbound")
            .add("From", CALLER).add("To", number));
    assertEquals(200, twiml.statusCode(), twiml.bodyAsString());
    assertEquals(List.of("Client:" + newClient), Twiml.parse(twiml.bodyAsString()).dialed());
  }

  /**
   * Whole calls through nginx, as Twilio plays them, while node 3 is killed: the other nodes keep answering, the
   * only failures are requests that were in flight on node 3 (at most one a connection, none of them a wrong
   * answer), every acknowledged callback is an event of the records, and every call whose requests were all
   * answered has the record it was played to have.
   */
  @Test
  @Order(5)
  void aNodeKilledUnderCallsLosesNoAcknowledgedCallbackAndTheOthersKeepAnswering() throws Exception {
    Path acknowledgedFile = folder.resolve("acknowledged-kill.txt");
    CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> DurableCallbacksIT.loadtest(
        "-conf", confs[0].toString(), "--url", publicUrl(), "--scenario", "calls", "--warmup", "0",
        "--duration", "12s", "--connections", Integer.toString(LOAD_CONNECTIONS),
        "--acknowledged", acknowledgedFile.toString()));
    Thread.sleep(4_000);
    ProcessHandle killed = ProcessHandle.of(nodes[2].pid()).orElseThrow();
    assertTrue(killed.destroyForcibly(), "SIGKILL sent");
    killed.onExit().get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 2; i++) {
      assertEquals(200, client.get(httpPorts[i], "127.0.0.1", "/health").send().await().statusCode(),
          "node " + (i + 1) + " keeps answering");
    }
    String summary = load.get(90, TimeUnit.SECONDS);
    nodes[2].close();
    System.out.printf("kill -9 of node 3 under the calls scenario:%n%s%n", summary);

    long failed = count(summary, "(?m)^Failed\\s+(\\d+) requests");
    assertTrue(failed <= LOAD_CONNECTIONS, "only requests in flight on the killed node fail:\n" + summary);
    assertEquals(failed, count(summary, "(?m)^Errors\\s+(\\d+)"), "no wrong answer:\n" + summary);
    assertTrue(count(summary, "(?m)^Records\\s+(\\d+) calls compared") > 50, summary);
    assertEquals(0, count(summary, "calls compared with /api/calls: (\\d+) differences"), summary);
    assertEveryAcknowledgedCallbackIsStored(acknowledgedFile, summary);
  }

  @Test
  @Order(6)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aRollingRestartUnderWholeCallsFailsNoRequestAndKeepsEveryRecord() throws Exception {
    nodes[2] = startNode(2);
    nodes[2].awaitOutput("Switchboard listening on", START_TIMEOUT);
    awaitMembers(NODES);
    Path acknowledgedFile = folder.resolve("acknowledged-rolling.txt");
    CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> DurableCallbacksIT.loadtest(
        "-conf", confs[0].toString(), "--url", publicUrl(), "--scenario", "calls", "--warmup", "0",
        "--duration", "120s", "--connections", Integer.toString(LOAD_CONNECTIONS),
        "--acknowledged", acknowledgedFile.toString()));
    for (int i = 0; i < NODES; i++) {
      nodes[i].terminate();
      assertEquals(0, nodes[i].awaitExit(Duration.ofSeconds(20)), nodes[i].output());
      assertFalse(load.isDone(), "the load runs while node " + (i + 1) + " stops");
      nodes[i] = startNode(i);
      nodes[i].awaitOutput("Switchboard listening on", START_TIMEOUT);
      awaitMembers(NODES);
    }
    String summary = load.get(180, TimeUnit.SECONDS);
    System.out.printf("rolling restart of %d nodes under whole calls:%n%s%n", NODES, summary);
    // A node stopped with SIGTERM finishes what it was answering, and nginx sends what it refused to another.
    assertEquals(0, count(summary, "(?m)^Failed\\s+(\\d+) requests"), summary);
    assertEquals(0, count(summary, "(?m)^Errors\\s+(\\d+)"), summary);
    assertTrue(count(summary, "(?m)^Records\\s+(\\d+) calls compared") > 500, summary);
    assertEquals(0, count(summary, "calls compared with /api/calls: (\\d+) differences"), summary);
    assertEveryAcknowledgedCallbackIsStored(acknowledgedFile, summary);
  }

  /**
   * Each line of the load tester's {@code --acknowledged} file is an event of the records, read from the database:
   * a callback is answered 2xx only once committed there.
   */
  private void assertEveryAcknowledgedCallbackIsStored(Path acknowledgedFile, String summary) throws Exception {
    List<String> acknowledged = Files.readAllLines(acknowledgedFile);
    assertTrue(acknowledged.size() > 100, acknowledged.size() + " acknowledged:\n" + summary);
    try (Connection records = DriverManager.getConnection("jdbc:" + postgres.url(), postgres.user(), "")) {
      List<String> missing = AcknowledgedCallback.missingFrom(records, acknowledged);
      assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())),
          missing.size() + " of " + acknowledged.size() + " acknowledged callbacks are not in the records");
    }
  }

  /** The hash of the directory in force on node {@code index}, as its /health shows it. */
  private String directoryHash(int index) {
    return client.get(httpPorts[index], "127.0.0.1", "/health").send().await().bodyAsJsonObject()
        .getJsonObject("directory").getString("hash");
  }

  private String publicUrl() {
    return "http://127.0.0.1:" + publicPort;
  }

  /** A Twilio request for {@code url}, a public URL, posted straight to node {@code index} past nginx. */
  private HttpResponse<Buffer> postSignedToNode(int index, String url, MultiMap form) {
    return client.post(httpPorts[index], "127.0.0.1", TestServer.pathAndQuery(publicUrl(), url))
        .putHeader("X-Twilio-Signature", TwilioSignatures.sign(url, form)).sendForm(form).await();
  }

  private ServerProcess startNode(int index) throws Exception {
    return ServerProcess.start(folder, SMALL_HEAP, "-conf", confs[index].toString());
  }

  /** Each node's /health lists {@code count} members. */
  private void awaitMembers(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (int i = 0; i < NODES; i++) {
        try {
          JsonObject cluster = client.get(httpPorts[i], "127.0.0.1", "/health").send().await()
              .bodyAsJsonObject().getJsonObject("cluster");
          seen.add(cluster.encode());
        } catch (Exception down) {
          seen.add("node " + (i + 1) + " down");
        }
      }
      if (seen.stream().allMatch(report -> report.contains("\"state\":\"ACTIVE\"")
          && new JsonObject(report).getJsonArray("members").size() == count)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not " + count + " members everywhere: " + seen);
  }

  /** {@code deploy/nginx.conf} with its listen, TLS, upstream and file lines made for this machine's loopback. */
  private void startNginx() throws Exception {
    String conf = Files.readString(Path.of("deploy/nginx.conf"));
    StringBuilder upstream = new StringBuilder();
    for (int port : httpPorts) {
      upstream.append("    server 127.0.0.1:").append(port).append(" max_fails=1 fail_timeout=5s;\n");
    }
    Path logs = Files.createDirectories(folder.resolve("nginx"));
    String local = conf
        .replaceAll("(?m)^    server 10\\.0\\.0\\.1[1-3]:8080 .*\\n", "")
        .replace("  upstream switchboard {\n", "  upstream switchboard {\n" + upstream)
        .replaceAll("(?s)    # TLS:.*?# End of TLS\\.\\n", "    listen 127.0.0.1:" + publicPort + ";\n")
        .replace("/run/nginx-switchboard.pid", logs.resolve("nginx.pid").toString())
        .replace("/var/log/nginx/", logs + File.separator);
    assertTrue(local.contains("127.0.0.1:" + httpPorts[2]) && !local.contains("10.0.0.1"), local);
    Path file = logs.resolve("nginx.conf");
    Files.writeString(file, local);
    nginx = new ProcessBuilder(NGINX.toString(), "-p", logs.toString(), "-c", file.toString(),
        "-g", "daemon off;").redirectErrorStream(true).redirectOutput(logs.resolve("stdout.txt").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        if (client.get(publicPort, "127.0.0.1", "/health").send().await().statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) {
        assertTrue(nginx.isAlive(), () -> "nginx exited: " + read(logs.resolve("stdout.txt")));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nginx did not answer: " + read(logs.resolve("stdout.txt")));
  }

  private HttpResponse<Buffer> unknownNumberFrom(String address, int node) {
    return client.post(httpPorts[node], "127.0.0.1", ApiPaths.CAPABILITY_TOKEN)
        .putHeader("X-Forwarded-For", address)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", "+81-50-3123-0000")).await();
  }

  private static long count(String summary, String pattern) {
    Matcher matcher = Pattern.compile(pattern).matcher(summary);
    assertTrue(matcher.find(), "no '" + pattern + "' in:\n" + summary);
    return Long.parseLong(matcher.group(1));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
