package io.switchboard.loadtest;

import io.switchboard.cli.CommandLine;
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
import java.time.Duration;
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

  /** Runs the load tester with no warm-up, unless {@code options} ask for one: the last --warmup given counts. */
  private Run loadtest(JsonObject testerConfig, String... options) throws Exception {
    Path conf = folder.resolve("tester.json");
    Files.writeString(conf, testerConfig.encodePrettily());
    String[] args = new String[options.length + 4];
    args[0] = "-conf";
    args[1] = conf.toString();
    args[2] = "--warmup";
    args[3] = "0";
    System.arraycopy(options, 0, args, 4, options.length);
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
    assertTrue(run.out().contains("Warm-up     none: a cold server and tester measured as they are"), run.out());
    assertTrue(run.out().contains("Trend       too few whole seconds to tell"), run.out());
    assertTrue(run.out().matches("(?s).*\nTester CPU  [0-9.]+ cores of \\d+ \\([0-9]+% of the machine, [0-9]+% per event "
        + "loop over \\d+\\).*\n            the .*"), run.out());
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
    assertTrue(run.out().contains("Warm-up     1 s, fixed"), run.out());
    long counted = requests(run.out());
    int loops = Math.min(Runtime.getRuntime().availableProcessors(), 4);
    assertTrue(Math.abs(counted - 200) <= loops, "200 requests due in 1 s at 200/s, not " + counted);
    long answered = incomingCallsAnswered() - answeredBefore;
    assertTrue(answered >= counted + 100 - loops, "the warm-up's requests were sent too: " + answered + " answered");
  }

  /**
   * By default the warm-up lasts until the rate settles. An open loop at 200/s answered in time settles in the
   * window's five seconds; then it queues for as long again, at most 2 s, and is measured: 200 requests.
   */
  @Test
  void theAutomaticWarmUpEndsOnceTheRateSettlesAndSaysHowLongItTook() throws Exception {
    long started = System.nanoTime();
    Run run = loadtest(TestConfig.json(port), "--scenario", "incoming", "--rate", "200", "--warmup", "auto",
        "--warmup-max", "20s", "--duration", "1s", "--connections", "4");
    double elapsed = (System.nanoTime() - started) / 1e9;
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("Warming up until the rate settles (" + RateSeries.SETTLE_RULE + "), at most 20 s"),
        run.out());
    assertTrue(run.out().contains("[warm-up   5s]      "), "a line each second of the warm-up:\n" + run.out());
    Matcher warmUp = Pattern.compile("Warm-up     (\\d+) s, settled \\(the last 5 one-second rates").matcher(run.out());
    assertTrue(warmUp.find(), run.out());
    int warmUpSeconds = Integer.parseInt(warmUp.group(1));
    assertTrue(warmUpSeconds >= 5 && warmUpSeconds < 20, "settled after the window, before the maximum: " + run.out());
    assertTrue(elapsed < warmUpSeconds + 5, "measured once settled: " + elapsed + " s in all\n" + run.out());
    int loops = Math.min(Runtime.getRuntime().availableProcessors(), 4);
    assertTrue(Math.abs(requests(run.out()) - 200) <= loops, "200 requests due in 1 s at 200/s:\n" + run.out());
  }

  /** Fewer seconds than the settling window can never settle: the warm-up stops at its maximum, and says so. */
  @Test
  void anAutomaticWarmUpThatDoesNotSettleStopsAtItsMaximum() throws Exception {
    long answeredBefore = incomingCallsAnswered();
    long started = System.nanoTime();
    Run run = loadtest(TestConfig.json(port), "--scenario", "incoming", "--warmup", "auto", "--warmup-max", "2s",
        "--duration", "1s", "--connections", "4");
    double elapsed = (System.nanoTime() - started) / 1e9;
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("Warm-up     2 s, its maximum: the rate had not settled"), run.out());
    assertTrue(elapsed >= 3 && elapsed < 8, "2 s of warm-up and 1 s measured, not " + elapsed + " s");
    long counted = requests(run.out());
    assertTrue(incomingCallsAnswered() - answeredBefore > counted, "the warm-up's requests reached the server too");
  }

  @Test
  void theWarmUpIsAutomaticByDefaultAndItsMaximumBoundsOnlyThat() throws Exception {
    CommandLine commandLine = new CommandLine("loadtest", LoadTestOptions.USAGE);
    LoadTestOptions[] parsed = new LoadTestOptions[1];
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, commandLine.run(new String[] {"-conf", "c.json"}, print, print, args -> {
      parsed[0] = LoadTestOptions.parse(args);
      return 0;
    }));
    assertEquals(new LoadTestOptions.WarmUp(true, Duration.ofSeconds(60)), parsed[0].warmup());
    Run fixed = loadtest(TestConfig.json(port), "--warmup", "15s", "--warmup-max", "30s");
    assertEquals(2, fixed.exit());
    assertTrue(fixed.err().contains("--warmup-max bounds --warmup auto, not a fixed warm-up"), fixed.err());
    Run wrong = loadtest(TestConfig.json(port), "--warmup", "soon");
    assertEquals(2, wrong.exit());
    assertTrue(wrong.err().contains("--warmup takes 30s, 2m or 500ms, not 'soon'"), wrong.err());
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
    assertTrue(run.err().contains("--scenario takes mixed, incoming, outgoing, token, callbacks or calls, not 'weekend'"), run.err());
    Run noCallbacks = loadtest(TestConfig.json(port), "--scenario", "incoming", "--acknowledged", "acknowledged.txt");
    assertEquals(2, noCallbacks.exit());
    assertTrue(noCallbacks.err().contains("--acknowledged lists callbacks: it needs --scenario callbacks or calls"),
        noCallbacks.err());
  }
}
