package io.switchboard.loadtest;

import io.switchboard.http.ApiPaths;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calls scenario against a real server whose directory has a ring group with a voicemail, clients rung in turn
 * then forwarded then a voicemail, and single clients without a fallback: a short run with every outcome of the mix,
 * calls out to phones among them, is followed to the end and its records match; a server that does not do what the simulator's directory says, or
 * keeps no records, is reported.
 */
class CallSimulationTest {

  private static final String GROUP = "+815031230001";
  private static final String IN_TURN = "+815031230002";
  private static final String FORWARD_TO = "+819012345678";

  private Vertx vertx;
  private int port;

  @TempDir
  Path folder;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    port = TestConfig.freePort();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private record Run(int exit, String out, String err) {
    long count(String pattern) {
      Matcher matcher = Pattern.compile(pattern).matcher(out);
      assertTrue(matcher.find(), "no '" + pattern + "' in:\n" + out + err);
      return Long.parseLong(matcher.group(1));
    }
  }

  @Test
  void everyCallOfTheMixIsFollowedToItsEndAndItsRecordMatches() throws Exception {
    JsonObject config = directory(TestConfig.json(port));
    TestServer.start(vertx, config).await();

    Run run = simulate(config, "--duration", "60s", "--calls", "60", "--connections", "4", "--answer", "40", "--no-answer", "40",
        "--busy", "20", "--hang-up", "10", "--duplicates", "20", "--reorder", "20", "--outgoing", "25", "--report",
        folder.resolve("calls.html").toString());

    assertEquals(0, run.exit(), run.out() + run.err());
    assertEquals(0, run.count("Errors +(\\d+)"));
    long compared = run.count("Records +(\\d+) calls compared");
    assertEquals(60, compared);
    assertEquals(0, run.count("calls compared with /api/calls: (\\d+) differences"));
    for (String kind : new String[] {"incoming call", "outgoing call", "leg status callback", "Dial action", "Record action",
        "recording status callback", "call status callback"}) {
      assertTrue(Pattern.compile("\\n  " + kind + " +[1-9]").matcher(run.out()).find(), kind + " sent:\n" + run.out());
    }
    String report = Files.readString(folder.resolve("calls.html"));
    assertTrue(report.contains("<h2>Calls</h2>") && report.contains("0 differences"), report);

    Run again = simulate(config, "--duration", "30s", "--calls", "10", "--connections", "2");
    assertEquals(0, again.exit(), again.out());
    assertEquals(10, again.count("Records +(\\d+) calls compared"), "a second run compares its own calls only");
  }

  /**
   * Every callback the server acknowledged is listed with the key of the event it stores, and each is an event of
   * the records: leg, call and recording status callbacks alike, repeats included.
   */
  @Test
  void eachAcknowledgedCallbackIsListedAsTheEventItsRecordsHold() throws Exception {
    JsonObject config = directory(TestConfig.json(port));
    TestServer.start(vertx, config).await();
    Path acknowledgedFile = folder.resolve("acknowledged.txt");

    Run run = simulate(config, "--duration", "60s", "--calls", "40", "--connections", "4", "--answer", "30",
        "--no-answer", "60", "--busy", "10", "--duplicates", "20", "--acknowledged", acknowledgedFile.toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    vertx.close().await(10, TimeUnit.SECONDS);

    List<String> acknowledged = Files.readAllLines(acknowledgedFile);
    Set<String> kinds = new TreeSet<>();
    for (String line : acknowledged) {
      assertTrue(line.matches("CA[0-9a-f]{32} [a-z-]+ (CA|RE)[0-9a-f]{32} [a-z-]+"), line);
      kinds.add(line.split(" ")[1]);
    }
    assertEquals(Set.of("leg-status", "call-status", "recording-status"), kinds, "40 calls, 60% of dials unanswered");
    assertEquals(40, acknowledged.stream().map(line -> line.split(" ")[0]).distinct().count(), "every call's");
    try (Connection records = DriverManager.getConnection(config.getJsonObject("storage").getString("url")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")) {
      assertEquals(List.of(), AcknowledgedCallback.missingFrom(records, acknowledged));
      assertEquals(List.of("CA" + "0".repeat(32) + " leg-status CA" + "0".repeat(32) + " ringing"),
          AcknowledgedCallback.missingFrom(records, List.of("CA" + "0".repeat(32) + " leg-status CA" + "0".repeat(32)
              + " ringing")), "a callback never sent is missing");
    }
  }

  /**
   * Between the simulator and the server, a balancer whose node dies under some requests: it closes the connection
   * of every leg status callback of one call in four (their last SID digit 0 to 3), unanswered and unforwarded, and
   * answers 502 to the Dial action of one call in eight (4 or 5). Each failed request is counted by kind, the calls
   * go on or are cut short, and only the calls whose every request was answered are held to their records.
   */
  @Test
  void requestsThatFailInFlightAreCountedAndTheirCallsComparedApart() throws Exception {
    JsonObject config = directory(TestConfig.json(port));
    TestServer.start(vertx, config).await();
    int balancerPort = TestConfig.freePort();
    AtomicLong closed = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    WebClient upstream = WebClient.create(vertx);
    vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      String form = body.toString(StandardCharsets.UTF_8);
      Matcher parent = Pattern.compile("ParentCallSid=CA[0-9a-f]{31}([0-9a-f])").matcher(form);
      Matcher call = Pattern.compile("(?:^|&)CallSid=CA[0-9a-f]{31}([0-9a-f])").matcher(form);
      if (request.path().equals("/twilio/callbacks/leg-status") && parent.find() && "0123".contains(parent.group(1))) {
        closed.incrementAndGet();
        request.connection().close();
      } else if (request.path().equals(ApiPaths.DIAL_ACTION) && call.find() && "45".contains(call.group(1))) {
        refused.incrementAndGet();
        request.response().setStatusCode(502).end();
      } else {
        upstream.request(request.method(), port, "127.0.0.1", request.uri()).putHeaders(request.headers())
            .sendBuffer(body).onSuccess(answer -> {
              request.response().setStatusCode(answer.statusCode()).headers().addAll(answer.headers());
              request.response().end(answer.body() == null ? Buffer.buffer() : answer.body());
            }).onFailure(failure -> request.response().setStatusCode(500).end());
      }
    })).listen(balancerPort, "127.0.0.1").await();

    Run run = simulate(config, "--url", "http://127.0.0.1:" + balancerPort, "--duration", "60s", "--calls", "80",
        "--connections", "4", "--answer", "50", "--no-answer", "40", "--busy", "10", "--report",
        folder.resolve("failed.html").toString());

    assertEquals(1, run.exit(), "failed requests fail the run:\n" + run.out());
    assertTrue(closed.get() > 0 && refused.get() > 0, closed + " closed, " + refused + " refused");
    assertEquals(closed.get() + refused.get(), run.count("Failed +(\\d+) requests got no answer or a 5xx"), run.out());
    assertEquals(closed.get() + refused.get(), run.count("Errors +(\\d+)"), "every error is a failure");
    assertEquals(closed.get(), run.count("\\n  leg status callback +\\d+ +(\\d+) "), run.out());
    assertEquals(refused.get(), run.count("\\n  Dial action +\\d+ +(\\d+) "), run.out());
    long cutShort = run.count("(\\d+) calls cut short by a failed webhook");
    long apart = run.count("(\\d+) calls with a failed request compared apart");
    long compared = run.count("Records +(\\d+) calls compared");
    assertEquals(80, compared + apart + cutShort, run.out());
    assertTrue(cutShort > 0 && apart > 0 && compared > 0, run.out());
    assertTrue(run.count("compared apart, (\\d+) of them differ from their records") > 0,
        "a call whose legs went unreported is not recorded as played:\n" + run.out());
    assertEquals(0, run.count("calls compared with /api/calls: (\\d+) differences"), run.out());
    String report = Files.readString(folder.resolve("failed.html"));
    assertTrue(report.contains("<p id=\"failed\">" + (closed.get() + refused.get()) + " requests got no answer"),
        report);
  }

  /** The server rings its group's clients in turn; the simulator's directory says together. */
  @Test
  void aServerThatRingsOtherwiseThanTheDirectorySaysIsReported() throws Exception {
    JsonObject server = directory(TestConfig.json(port));
    entry(server, GROUP).put("ring", "sequential");
    TestServer.start(vertx, server).await();

    // Calls go to the directory's four entries at random: 40 calls miss the group only once in about 10^5 runs.
    Run run = simulate(directory(TestConfig.json(port)), "--duration", "30s", "--calls", "40", "--connections", "2");

    assertEquals(1, run.exit(), run.out());
    assertTrue(run.count("  incoming call: rang other clients than the directory's \\(ring 1\\) +(\\d+)") > 0);
  }

  /** A server that keeps no call records answers every callback, but the calls are not in its history. */
  @Test
  void aServerThatKeepsNoRecordsIsReported() throws Exception {
    JsonObject server = directory(TestConfig.json(port)).put("calls", new JsonObject().put("record", false));
    TestServer.start(vertx, server).await();

    Run run = simulate(directory(TestConfig.json(port)), "--duration", "30s", "--calls", "10", "--connections", "2",
        "--report", folder.resolve("lost.html").toString());

    assertEquals(1, run.exit(), run.out());
    String report = Files.readString(folder.resolve("lost.html"));
    assertTrue(report.contains("<td style=\"text-align:left\">missing from the records</td>")
        && report.contains("<ul id=\"differences\"><li><code>CA"), report);
    // Not every call: the callbacks such a server still gets (the call's own, a Dial action) can make a whole record.
    assertTrue(run.count("  missing from the records +(\\d+)") > 0, run.out());
    assertTrue(run.count("calls compared with /api/calls: (\\d+) differences") > 0, run.out());
    assertTrue(run.out().contains("e.g. CA"), run.out());
  }

  @Test
  void aMixThatCannotBePlayedIsAUsageError() throws Exception {
    JsonObject config = directory(TestConfig.json(port));

    Run notAHundred = simulate(config, "--answer", "60", "--no-answer", "20", "--busy", "10");
    assertEquals(2, notAHundred.exit());
    assertTrue(notAHundred.err().contains("--answer, --no-answer and --busy must add up to 100, not 90"),
        notAHundred.err());
    Run otherScenario = simulate(config, "--scenario", "incoming", "--busy", "10");
    assertEquals(2, otherScenario.exit());
    assertTrue(otherScenario.err().contains("--busy shape simulated calls: they need --scenario calls"),
        otherScenario.err());
    Run paced = simulate(config, "--rate", "100");
    assertEquals(2, paced.exit());
    assertTrue(paced.err().contains("--rate paces single requests"), paced.err());
    Run noRecords = simulate(directory(TestConfig.json(port)).put("calls", new JsonObject().put("record", false)));
    assertEquals(2, noRecords.exit());
    assertTrue(noRecords.err().contains("must have calls.record true"), noRecords.err());
  }

  private Run simulate(JsonObject testerConfig, String... options) throws Exception {
    Path conf = folder.resolve("tester.json");
    Files.writeString(conf, testerConfig.encodePrettily());
    String[] args = new String[options.length + 6];
    System.arraycopy(new String[] {"-conf", conf.toString(), "--scenario", "calls", "--warmup", "0"}, 0, args, 0, 6);
    System.arraycopy(options, 0, args, 6, options.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = LoadTestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * TestConfig's two single clients, a ring group with a voicemail, and two clients in turn, a forward, a voicemail;
   * rung with no page open (presence off), as the simulator plays Twilio alone.
   */
  private static JsonObject directory(JsonObject config) {
    JsonArray entries = config.getJsonObject("directory").getJsonArray("entries");
    entries.add(new JsonObject().put("phoneNumber", GROUP)
        .put("clients", new JsonArray().add("group-laptop").add("group-phone"))
        .put("presence", false)
        .put("fallback", new JsonObject().put("voicemail", new JsonObject().put("greeting", "Please leave a message."))));
    entries.add(new JsonObject().put("phoneNumber", IN_TURN)
        .put("clients", new JsonArray().add("desk-first").add("desk-second"))
        .put("ring", "sequential")
        .put("ringSeconds", 15)
        .put("presence", false)
        .put("fallback", new JsonObject().put("forwardTo", FORWARD_TO)
            .put("voicemail", new JsonObject().put("greeting", "Leave a message.").put("language", "en-GB"))));
    return config;
  }

  private static JsonObject entry(JsonObject config, String number) {
    JsonArray entries = config.getJsonObject("directory").getJsonArray("entries");
    for (int i = 0; i < entries.size(); i++) {
      if (entries.getJsonObject(i).getString("phoneNumber").equals(number)) {
        return entries.getJsonObject(i);
      }
    }
    throw new IllegalArgumentException(number);
  }
}
