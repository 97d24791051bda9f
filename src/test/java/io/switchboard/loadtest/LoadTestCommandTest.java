package io.switchboard.loadtest;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The load tester run in-process against a real server, for a second or two each. */
class LoadTestCommandTest {

  private static Vertx vertx;
  private static int port;

  @TempDir
  Path folder;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    port = TestConfig.freePort();
    TestServer.start(vertx, TestConfig.json(port)).await();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private record Run(int exit, String out, String err) {
  }

  private Run loadtest(JsonObject testerConfig, String... options) throws Exception {
    Path conf = folder.resolve("tester.json");
    Files.writeString(conf, testerConfig.encodePrettily());
    String[] args = new String[options.length + 2];
    args[0] = "-conf";
    args[1] = conf.toString();
    System.arraycopy(options, 0, args, 2, options.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = LoadTestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static long requests(String summary) {
    Matcher matcher = Pattern.compile("Requests +(\\d+)").matcher(summary);
    assertTrue(matcher.find(), summary);
    return Long.parseLong(matcher.group(1));
  }

  @Test
  void mixedLoadPosingAsTwilioGetsOnlyRightAnswersAndWritesTheReport() throws Exception {
    Path report = folder.resolve("report.html");
    Run run = loadtest(TestConfig.json(port), "--duration", "2s", "--connections", "8", "--report", report.toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(requests(run.out()) > 20, run.out());
    assertTrue(run.out().contains("Errors      0"), run.out());
    assertTrue(run.out().contains("[  1s] requests"), "a progress line each second:\n" + run.out());
    assertTrue(run.out().matches("(?s).*Latency ms  p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  p99.9 [0-9.]+  max [0-9.]+.*"));
    String html = Files.readString(report);
    assertTrue(html.contains("<svg id=\"throughput\""), "throughput chart");
    assertTrue(html.contains("<svg id=\"latency-percentiles\""), "latency percentile chart");
    assertTrue(html.contains("<polyline"), "charts have data");
    assertTrue(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("<link"),
        "self-contained: nothing loaded from elsewhere");
  }

  @Test
  void everyScenarioRunsClean() throws Exception {
    for (String scenario : new String[] {"incoming", "outgoing", "token"}) {
      Run run = loadtest(TestConfig.json(port), "--scenario", scenario, "--duration", "1s", "--connections", "4");
      assertEquals(0, run.exit(), scenario + ":\n" + run.out() + run.err());
      assertTrue(run.out().contains("Scenario " + scenario), run.out());
      assertTrue(requests(run.out()) > 5, run.out());
    }
  }

  @Test
  void openLoopSendsAtTheRequestedRate() throws Exception {
    Run run = loadtest(TestConfig.json(port), "--rate", "200", "--duration", "2s", "--connections", "8");
    assertEquals(0, run.exit(), run.out() + run.err());
    long requests = requests(run.out());
    assertTrue(requests >= 300 && requests <= 420, "about 400 requests in 2 s at 200/s, not " + requests);
    assertTrue(run.out().contains("open loop at 200 req/s"), run.out());
  }

  @Test
  void onLinuxX8664TheLoadTesterRunsNettysEpollTransport() throws Exception {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the jar carries the epoll transport for Linux x86-64 only");
    Run run = loadtest(TestConfig.json(port), "--duration", "1s", "--connections", "2");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("closed loop over 2 connections, 2 event loops on epoll")
        || run.out().contains("closed loop over 2 connections, 1 event loop on epoll"), run.out());
  }

  /**
   * In the open loop, what is counted is what was due in the measured second, however late it is sent or answered:
   * 200 at 200/s, give or take one per event loop for where the pace starts. The warm-up's second half queues like
   * the measurement (its first half may skip), so at least its 100 requests reach the server too.
   */
  @Test
  void theWarmUpLoadReachesTheServerButIsNotCounted() throws Exception {
    long answeredBefore = incomingCallsAnswered();
    Run run = loadtest(TestConfig.json(port), "--scenario", "incoming", "--rate", "200", "--warmup", "1s",
        "--duration", "1s", "--connections", "4");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("Warming up for 1 s (not counted)"), run.out());
    long counted = requests(run.out());
    int loops = Math.min(Runtime.getRuntime().availableProcessors(), 4);
    assertTrue(Math.abs(counted - 200) <= loops, "200 requests due in 1 s at 200/s, not " + counted);
    long answered = incomingCallsAnswered() - answeredBefore;
    assertTrue(answered >= counted + 100 - loops, "the warm-up's requests were sent too: " + answered + " answered");
  }

  /**
   * The server's own count of incoming calls it rang a client for, from its Prometheus metrics: none before its first
   * request, when the scrape is empty.
   */
  private static long incomingCallsAnswered() {
    String metrics = Objects.toString(
        WebClient.create(vertx).get(port, "127.0.0.1", "/metrics").send().await().bodyAsString(), "");
    Matcher matcher = Pattern.compile(
        "switchboard_twiml_answers_total\\{[^}]*outcome=\"dial_client\",webhook=\"call_incoming\"} ([0-9.E]+)")
        .matcher(metrics);
    return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
  }

  /**
   * The shipped configuration's dial policy: only the directory's own region (Japan). The README's example runs
   * against it: every call goes to a number the policy allows. Its caps (60 calls an hour per client, 30 token
   * requests a minute) are soon met by a load test; here one of each, met at once: what they refuse is named with
   * the key to raise, and not counted as wrong.
   */
  @Test
  void theShippedDialPolicyIsRespectedAndItsCapsNamedWithTheKeyToRaise() throws Exception {
    JsonObject shipped = TestConfig.json(TestConfig.freePort());
    shipped.put("dial", new JsonObject().put("maxCallsPerHour", 1));
    shipped.getJsonObject("security").put("tokenRequestsPerMinute", 1);
    Vertx own = Vertx.vertx();
    try {
      TestServer.start(own, shipped).await();
      Run run = loadtest(shipped, "--scenario", "mixed", "--duration", "2s", "--connections", "4");
      assertEquals(0, run.exit(), run.out() + run.err());
      assertTrue(run.out().contains("Errors      0"), run.out());
      assertTrue(run.out().contains("refused by dial.maxCallsPerHour: raise it for a load test"), run.out());
      assertTrue(run.out().contains("refused by security.tokenRequestsPerMinute: raise it for a load test"), run.out());
    } finally {
      own.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void outgoingCallsGoOnlyWhereTheDialPolicyAllows() {
    SwitchboardConfig config = ConfigLoader.parse(TestConfig.json(port).put("dial", new JsonObject()
        .put("allowedCountries", new JsonArray().add("FR"))), Map.of());
    List<String> dialled = TwilioTraffic.dialable(config.dial().policy(), config.directory().entries());
    assertFalse(dialled.isEmpty(), "France's example numbers");
    for (String number : dialled) {
      assertTrue(number.startsWith("+33"), number + " is not in France");
    }
    SwitchboardConfig japan = ConfigLoader.parse(TestConfig.json(port).put("dial", new JsonObject()), Map.of());
    List<String> inJapan = TwilioTraffic.dialable(japan.dial().policy(), japan.directory().entries());
    assertFalse(inJapan.isEmpty(), "the directory's own region");
    assertTrue(inJapan.stream().allMatch(number -> number.startsWith("+81")), inJapan.toString());
    assertTrue(inJapan.stream().noneMatch(number -> number.equals(TestConfig.TWILIO_NUMBER)
        || number.equals(TestConfig.OTHER_TWILIO_NUMBER)), "the directory's numbers ring their client: " + inJapan);
  }

  @Test
  void signaturesWithAnotherAuthTokenAreCountedAsErrorsAndFailTheRun() throws Exception {
    JsonObject tester = TestConfig.json(port);
    tester.getJsonObject("twilio").put("authToken", "ffffffffffffffffffffffffffffffff");
    Run run = loadtest(tester, "--scenario", "incoming", "--duration", "1s", "--connections", "4");
    assertEquals(1, run.exit());
    assertTrue(run.out().contains("HTTP 403 on incoming"), run.out());
  }

  @Test
  void answersThatDoNotMatchTheDirectoryAreCountedByKind() throws Exception {
    JsonObject tester = TestConfig.json(port);
    tester.getJsonObject("directory").getJsonArray("entries").getJsonObject(1).put("clientName", "SomeoneElse");
    Run run = loadtest(tester, "--scenario", "mixed", "--duration", "1s", "--connections", "4");
    assertEquals(1, run.exit());
    assertTrue(run.out().contains("unexpected TwiML on incoming"), run.out());
  }

  @Test
  void anUnreachableServerIsSaidPlainly() throws Exception {
    Run run = loadtest(TestConfig.json(TestConfig.freePort()), "--duration", "1s", "--connections", "2");
    assertEquals(1, run.exit());
    assertTrue(run.out().contains("connection error"), run.out());
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    Run run = loadtest(TestConfig.json(port), "--scenario", "weekend");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--scenario takes mixed, incoming, outgoing, token or callbacks, not 'weekend'"), run.err());
  }
}
