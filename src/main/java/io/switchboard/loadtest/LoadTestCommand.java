package io.switchboard.loadtest;

import io.switchboard.cli.CommandLine;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code java -jar switchboard.jar loadtest -conf CONF ...}: poses as Twilio against a Switchboard server, checks
 * every answer, prints a progress line each second and a summary at the end, and optionally an HTML report.
 */
public final class LoadTestCommand {

  private static final CommandLine COMMAND_LINE = new CommandLine("loadtest", LoadTestOptions.USAGE);
  /** The longest the open loop queues at the end of an automatic warm-up before it is measured. */
  private static final Duration QUEUEING_WARM_UP = Duration.ofSeconds(2);

  private final LoadTestOptions options;
  private final PrintStream out;

  private LoadTestCommand(LoadTestOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** @return the exit status: 0 when every answer was right, 1 when any was not, 2 on a usage error */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return COMMAND_LINE.run(args, out, err, arguments -> run(arguments, out, err));
  }

  private static int run(CommandLine.Arguments args, PrintStream out, PrintStream err) {
    try {
      LoadTestOptions options = LoadTestOptions.parse(args);
      SwitchboardConfig config = ConfigLoader.load(options.conf(), System.getenv());
      LoadResult result = new LoadTestCommand(options, out).run(config);
      result.printSummary(out);
      if (options.acknowledged().isPresent()) {
        out.println("Acknowledged " + options.acknowledged().get());
      }
      if (options.report().isPresent()) {
        Files.writeString(options.report().get(), HtmlReport.render(result), StandardCharsets.UTF_8);
        out.println("Report      " + options.report().get());
      }
      return result.clean() ? 0 : 1;
    } catch (ConfigException e) {
      err.println("loadtest: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      // The options, and a --url or a directory that no requests can be made from.
      return COMMAND_LINE.usageError(err, e.getMessage());
    } catch (IOException e) {
      err.println("loadtest: cannot write " + e.getMessage());
      return 1;
    }
  }

  LoadResult run(SwitchboardConfig config) throws IOException {
    URI target = URI.create(options.url().orElseGet(() -> ownUrl(config)));
    boolean calls = options.scenario() == Scenario.CALLS;
    Queue<AcknowledgedCallback> acknowledged = options.acknowledged().isPresent() ? new ConcurrentLinkedQueue<>() : null;
    TwilioTraffic traffic = calls ? null : new TwilioTraffic(config, options.scenario());
    CallSimulator.Shared simulated = calls ? simulatedCalls(config, target, acknowledged) : null;
    int loops = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), options.connections()));
    // Netty's epoll transport where the jar carries it (Linux x86-64): in an open loop, each answer wakes an event
    // loop on its own, and the JDK's selector costs the load tester more CPU per request (docs/benchmarks.md).
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    LoadResult result;
    try {
      Tally measured = calls ? simulated.measured().all() : Tally.create();
      LoadGenerator.Shared shared = new LoadGenerator.Shared(traffic, target,
          calls ? simulated.warmUp().all() : Tally.create(), measured, acknowledged);
      // The warm-up opens the connections the measured part uses and compiles both sides' hot paths; what is sent
      // before its end is counted apart. An automatic one is planned at its maximum and ended early once it settles.
      Instant runStart = Instant.now();
      long begin = System.nanoTime();
      long warmUpEnd = begin + options.warmup().length().toNanos();
      LoadGenerator.Schedule schedule = new LoadGenerator.Schedule(begin + (warmUpEnd - begin) / 2, warmUpEnd,
          warmUpEnd + options.duration().toNanos());
      List<Future<Void>> drained = new ArrayList<>();
      for (int i = 0; i < loops; i++) {
        int connections = share(options.connections(), loops, i);
        double rate = options.rate().isPresent() ? (double) options.rate().getAsInt() / loops : 0;
        if (calls) {
          CallSimulator simulator = new CallSimulator(simulated, connections, schedule);
          vertx.deployVerticle(simulator);
          drained.add(simulator.drained());
        } else {
          LoadGenerator generator = new LoadGenerator(shared, connections, rate, schedule);
          vertx.deployVerticle(generator);
          drained.add(generator.drained());
        }
      }
      Future<?> allDrained = Future.all(drained);
      String warmUp = warmUp(schedule, shared.warmUp(), allDrained);
      long start = schedule.warmUpEndNanos();
      long end = schedule.endNanos();
      CpuShare.Sample cpuAtStart = CpuShare.Sample.now();
      Histogram total = new Histogram(Tally.HIGHEST_LATENCY_MICROS, 3);
      List<LoadResult.Second> timeline = new ArrayList<>();
      long previousRequests = 0;
      for (int second = 1; !allDrained.isComplete(); second++) {
        sleepUntil(Math.min(start + second * 1_000_000_000L, end + TimeUnit.SECONDS.toNanos(15)), allDrained);
        Histogram interval = measured.latencies().getIntervalHistogram();
        total.add(interval);
        long requestsSoFar = measured.requests().sum();
        long errorsSoFar = measured.errorCount();
        timeline.add(new LoadResult.Second(second, requestsSoFar - previousRequests,
            interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), interval.getMaxValue(), errorsSoFar));
        out.printf(Locale.ROOT, "[%3ds] requests %9d  %8d req/s  errors %6d  p99 so far %8.2f ms%n", second,
            requestsSoFar, requestsSoFar - previousRequests, errorsSoFar, total.getValueAtPercentile(99) / 1000.0);
        previousRequests = requestsSoFar;
        if (System.nanoTime() > end + TimeUnit.SECONDS.toNanos(15)) {
          break;
        }
      }
      CpuShare cpu = CpuShare.between(cpuAtStart, CpuShare.Sample.now(), loops);
      double seconds = Math.min(System.nanoTime() - start, options.duration().toNanos()) / 1e9;
      result = new LoadResult(options.scenario().label(), target.toString(), mode(vertx, loops), seconds,
          measured.requests().sum(), Tally.sums(measured.errors()), Tally.sums(measured.refusals()), total, timeline,
          warmUp, cpu, calls ? Optional.of(callsResult(vertx, target, simulated, seconds, runStart)) : Optional.empty());
    } finally {
      // Closed before the acknowledged callbacks are listed: no answer can come in after the list is written.
      vertx.close().await();
    }
    if (acknowledged != null) {
      Files.write(options.acknowledged().get(), acknowledged.stream().map(AcknowledgedCallback::line).toList(),
          StandardCharsets.US_ASCII);
    }
    return result;
  }

  /** The calls scenario's setting: the calls go to the entries whose clients the comparison can get tokens for. */
  private CallSimulator.Shared simulatedCalls(SwitchboardConfig config, URI target,
                                              Queue<AcknowledgedCallback> acknowledged) {
    if (!config.calls().record()) {
      throw new IllegalArgumentException("the calls scenario compares calls with their records: the configuration"
          + " given to the load tester must have calls.record true, as the server's should");
    }
    List<DirectoryEntry> entries = config.directory().entries().entries().stream()
        .filter(entry -> entry.secret().isEmpty()).toList();
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("every directory entry has a secretHash: the calls scenario cannot read"
          + " any client's records");
    }
    Directory directory = config.directory().entries();
    List<CallSimulator.Caller> callers = entries.stream().flatMap(entry -> entry.clients().stream()).distinct()
        .map(client -> new CallSimulator.Caller(client, directory.entriesOf(client).get(0).phoneNumber())).toList();
    List<String> phones = TwilioTraffic.dialable(config.dial().policy(), directory);
    if (options.mix().outgoing() > 0 && phones.isEmpty()) {
      throw new IllegalArgumentException("--outgoing: the dial policy lets the directory's clients call no phone");
    }
    SimulatedCall.Setting setting = new SimulatedCall.Setting(config.twilio().accountSid(),
        config.twilio().authToken(), config.twilio().twimlAppSid(), config.twilio().publicBaseUrl(),
        config.dial().timeoutSeconds(), options.mix());
    return new CallSimulator.Shared(setting, entries, callers, phones, target, CallSimulator.Tallies.create(),
        CallSimulator.Tallies.create(), new ConcurrentLinkedQueue<>(), new LongAdder(), new ConcurrentLinkedQueue<>(),
        acknowledged, new AtomicLong(), options.calls().orElse(Long.MAX_VALUE));
  }

  /** The measured calls and requests by kind, and every call played compared with the records the server keeps. */
  private CallsResult callsResult(Vertx vertx, URI target, CallSimulator.Shared simulated, double seconds,
                                  Instant runStart) {
    Map<TwilioRequest.Kind, CallsResult.KindFigures> kinds = new EnumMap<>(TwilioRequest.Kind.class);
    simulated.measured().byKind().forEach((kind, tally) -> {
      if (tally.requests().sum() > 0) {
        kinds.put(kind, new CallsResult.KindFigures(tally.requests().sum(),
            simulated.measured().failed().get(kind).sum(), tally.latencies().getIntervalHistogram()));
      }
    });
    out.println("Reading the calls back through /api/calls...");
    List<ExpectedCall> played = List.copyOf(simulated.played());
    List<String> cutShort = List.copyOf(simulated.cutShort());
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(target.getHost())
        .setDefaultPort(target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80)
        .setSsl("https".equals(target.getScheme())).setTrustAll(true).setVerifyHost(false));
    RecordComparison records;
    try {
      records = RecordComparison.of(played, simulated.abandoned().sum(), cutShort,
          new CallRecords(client, runStart).histories(simulated.entries()));
    } catch (IllegalStateException refused) {
      records = RecordComparison.unreadable(played, simulated.abandoned().sum(), cutShort, refused.getMessage());
    } finally {
      client.close();
    }
    return new CallsResult(options.mix().describe(), simulated.measured().calls().sum(), seconds, kinds, records);
  }

  /**
   * Runs the warm-up: a fixed one to its end; an automatic one, second by second, until its rate settles or its
   * maximum is reached, then moves the schedule to measure from now. The open loop still queues for a last part of
   * the warm-up before it is measured, as long as it skipped, at most {@link #QUEUEING_WARM_UP}.
   *
   * @return what the warm-up was, for the summary
   */
  private String warmUp(LoadGenerator.Schedule schedule, Tally warmUp, Future<?> drained) {
    LoadTestOptions.WarmUp option = options.warmup();
    if (option.none()) {
      return "none: a cold server and tester measured as they are";
    }
    long begin = schedule.warmUpEndNanos() - option.length().toNanos();
    if (!option.auto()) {
      out.printf(Locale.ROOT, "Warming up for %d s (not counted)%n", option.length().toSeconds());
      sleepUntil(schedule.warmUpEndNanos(), drained);
      return String.format(Locale.ROOT, "%d s, fixed", option.length().toSeconds());
    }
    out.printf(Locale.ROOT, "Warming up until the rate settles (%s), at most %d s (not counted)%n",
        RateSeries.SETTLE_RULE, option.length().toSeconds());
    // The open loop's queueing part closes the warm-up: it starts once the skipping part has settled, or at the end.
    long lastQueueing = options.rate().isPresent() ? queueing(option.length().toNanos() / 2) : 0;
    schedule.moveTo(schedule.warmUpEndNanos() - lastQueueing, schedule.warmUpEndNanos(), schedule.endNanos());
    List<Long> rates = new ArrayList<>();
    long previous = 0;
    for (int second = 1; ; second++) {
      long secondEnd = begin + second * 1_000_000_000L;
      if (secondEnd > schedule.queueFromNanos() || drained.isComplete()) {
        sleepUntil(schedule.warmUpEndNanos(), drained);
        return String.format(Locale.ROOT, "%d s, its maximum: the rate had not settled (%s); the measurement may"
            + " still ramp", option.length().toSeconds(), RateSeries.SETTLE_RULE);
      }
      sleepUntil(secondEnd, drained);
      long sent = warmUp.requests().sum();
      rates.add(sent - previous);
      previous = sent;
      out.printf(Locale.ROOT, "[warm-up %3ds] %8d req/s%n", second, rates.get(rates.size() - 1));
      if (RateSeries.settled(rates)) {
        long now = System.nanoTime();
        long queueing = options.rate().isPresent() ? queueing(now - begin) : 0;
        schedule.moveTo(now, now + queueing, now + queueing + options.duration().toNanos());
        sleepUntil(now + queueing, drained);
        return String.format(Locale.ROOT, "%.0f s, settled (%s)", (System.nanoTime() - begin) / 1e9,
            RateSeries.SETTLE_RULE);
      }
    }
  }

  /** The open loop's queueing part of a warm-up whose skipping part lasted {@code skippingNanos}. */
  private static long queueing(long skippingNanos) {
    return Math.min(skippingNanos, QUEUEING_WARM_UP.toNanos());
  }

  private String mode(Vertx vertx, int loops) {
    String pace = options.rate().isPresent()
        ? "open loop at " + options.rate().getAsInt() + " req/s over up to " + options.connections() + " connections"
        : "closed loop over " + options.connections() + " connections";
    return pace + ", " + loops + (loops == 1 ? " event loop" : " event loops")
        + (vertx.isNativeTransportEnabled() ? " on epoll" : " on the JDK's NIO");
  }

  /** The configuration's own address, with a wildcard host replaced by loopback. */
  private static String ownUrl(SwitchboardConfig config) {
    String host = config.http().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return (config.http().tls().isPresent() ? "https" : "http") + "://" + host + ":" + config.http().port();
  }

  private static int share(int total, int parts, int index) {
    return total / parts + (index < total % parts ? 1 : 0);
  }

  private static void sleepUntil(long deadlineNanos, Future<?> orUntil) {
    while (System.nanoTime() < deadlineNanos && !orUntil.isComplete()) {
      try {
        Thread.sleep(Math.max(1, Math.min(50, (deadlineNanos - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
