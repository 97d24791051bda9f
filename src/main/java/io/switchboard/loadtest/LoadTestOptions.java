package io.switchboard.loadtest;

import io.switchboard.cli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;

/** The load tester's command line, parsed and checked. */
record LoadTestOptions(Path conf, Optional<String> url, Scenario scenario, Duration duration, WarmUp warmup,
                       int connections, OptionalInt rate, Optional<Path> report, Optional<Path> acknowledged,
                       CallMix mix, OptionalLong calls) {

  /**
   * How the load is warmed up before it is measured.
   *
   * @param auto   until the one-second rate settles ({@link RateSeries#settled}), for at most {@code length}
   * @param length the warm-up's length, or its maximum when {@code auto}
   */
  record WarmUp(boolean auto, Duration length) {

    static final Duration DEFAULT_MAXIMUM = Duration.ofSeconds(60);

    boolean none() {
      return !auto && length.isZero();
    }
  }

  static final String USAGE = """
      Usage: java -jar switchboard.jar loadtest -conf CONF [--url URL]
                                                [--scenario mixed|incoming|outgoing|token|callbacks|calls]
                                                [--duration 30s] [--warmup auto] [--warmup-max 60s]
                                                [--connections 64] [--rate N]
                                                [--report FILE.html] [--acknowledged FILE]
                                                [--answer 70 --no-answer 20 --busy 10 --hang-up 5]
                                                [--duplicates 5 --reorder 5] [--outgoing 0] [--calls N]

      Poses as Twilio: posts signed voice webhooks (and token requests, in the mixed scenario) built from the
      configuration's directory, or the status callbacks of call records, checks every answer, and reports
      throughput and latency.

        -conf CONF       the server's configuration: directory, auth token and publicBaseUrl to sign for
        --url URL        where to send the requests (default: the configuration's own host and port)
        --scenario S     mixed (default: 45% incoming, 45% outgoing, 10% token), incoming, outgoing, token,
                         callbacks: signed leg status callbacks, each of a call of its own, or
                         calls: whole incoming calls that follow the server's TwiML as Twilio does, each
                         answer checked against the directory, then every call compared with /api/calls
        --duration D     how long to run, e.g. 30s, 2m, 500ms (default 30s)
        --warmup auto|D  first send the same load without counting it, so that both Java virtual machines have
                         compiled their hot paths and the connections are open: auto (default) until the rate
                         settles (the last 5 one-second rates at most 10% apart, their line rising less than 5%),
                         D for a fixed time (15s), 0 to measure a cold server as it is
        --warmup-max D   the longest an auto warm-up runs before measuring anyway (default 60s)
        --connections N  connections, and requests in flight in the closed loop (default 64)
        --rate N         open loop: N requests per second whatever the answers' pace; latency is measured from
                         when each request was due, so a stalled server shows in it (no coordinated omission)
        --report FILE    also write a self-contained HTML report with charts
        --acknowledged FILE
                         with callbacks or calls: write each callback the server acknowledged (2xx), warm-up
                         included, one a line as "CallSid kind sid status" (kind leg-status, call-status or
                         recording-status; sid the leg's CallSid or the RecordingSid): every one of them must be
                         an event of its call's records

      With --scenario calls, in per cent:
        --answer N --no-answer N --busy N
                         what each <Dial> comes to; they add up to 100 (default 70, 20, 10)
        --hang-up N      callers who hang up while the first dial still rings (default 5)
        --duplicates N   callbacks Twilio delivers twice (default 5)
        --reorder N      callbacks delivered after the request that followed them (default 5)
        --outgoing N     calls from a client to a phone the dial policy allows (default 0: all calls are to
                         the directory's numbers)
        --calls N        stop after N calls (warm-up included), or at the end of --duration if sooner
      A request that gets no answer or a 5xx failed (counted by kind): its call goes on, or stops at a failed
      webhook, and is compared with its records apart, since they may lack what the request carried.

      Exits 0 when every answer was right (and every call's record matched), 1 when any was not, 2 on a usage or configuration error. Answers that
      a rate cap of the server's configuration refuses are right, and listed apart with the key to raise.
      """;

  /** @throws IllegalArgumentException with a message for the user when the arguments are wrong */
  static LoadTestOptions parse(CommandLine.Arguments args) {
    Path conf = null;
    Optional<String> url = Optional.empty();
    Scenario scenario = Scenario.MIXED;
    Duration duration = Duration.ofSeconds(30);
    boolean autoWarmUp = true;
    Duration warmup = WarmUp.DEFAULT_MAXIMUM;
    Optional<Duration> warmupMax = Optional.empty();
    int connections = 64;
    OptionalInt rate = OptionalInt.empty();
    Optional<Path> report = Optional.empty();
    Optional<Path> acknowledged = Optional.empty();
    Map<String, Integer> mix = new HashMap<>();
    OptionalLong calls = OptionalLong.empty();
    while (args.hasNext()) {
      String option = args.next();
      String value = args.value(option);
      switch (option) {
        case "-conf", "--conf" -> conf = Path.of(value);
        case "--url" -> url = Optional.of(value.replaceAll("/+$", ""));
        case "--scenario" -> scenario = Scenario.named(value);
        case "--duration" -> duration = duration(option, value);
        case "--warmup" -> {
          autoWarmUp = value.strip().equals("auto");
          warmup = autoWarmUp ? WarmUp.DEFAULT_MAXIMUM
              : value.strip().matches("0+[a-z]*") ? Duration.ZERO : duration(option, value);
        }
        case "--warmup-max" -> warmupMax = Optional.of(duration(option, value));
        case "--connections" -> connections = positive(option, value);
        case "--rate" -> rate = OptionalInt.of(positive(option, value));
        case "--report" -> report = Optional.of(Path.of(value));
        case "--acknowledged" -> acknowledged = Optional.of(Path.of(value));
        case "--answer", "--no-answer", "--busy", "--hang-up", "--duplicates", "--reorder", "--outgoing" ->
            mix.put(option, percent(option, value));
        case "--calls" -> calls = OptionalLong.of(positive(option, value));
        default -> throw args.unknown(option);
      }
    }
    if (conf == null) {
      throw new IllegalArgumentException("-conf is required");
    }
    if (acknowledged.isPresent() && scenario != Scenario.CALLBACKS && scenario != Scenario.CALLS) {
      throw new IllegalArgumentException("--acknowledged lists callbacks: it needs --scenario callbacks or calls");
    }
    if (calls.isPresent()) {
      mix.put("--calls", 0);
    }
    if (!mix.isEmpty() && scenario != Scenario.CALLS) {
      throw new IllegalArgumentException(String.join(", ", new TreeSet<>(mix.keySet()))
          + " shape simulated calls: they need --scenario calls");
    }
    if (rate.isPresent() && scenario == Scenario.CALLS) {
      throw new IllegalArgumentException("--rate paces single requests: the calls scenario plays as many calls at once"
          + " as --connections");
    }
    if (warmupMax.isPresent() && !autoWarmUp) {
      throw new IllegalArgumentException("--warmup-max bounds --warmup auto, not a fixed warm-up");
    }
    return new LoadTestOptions(conf, url, scenario, duration, new WarmUp(autoWarmUp, warmupMax.orElse(warmup)),
        connections, rate, report, acknowledged, callMix(mix), calls);
  }

  static Duration duration(String option, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration duration;
      if (value.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      } else if (value.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      } else {
        duration = Duration.ofSeconds(Long.parseLong(value));
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(option + " must be positive");
      }
      return duration;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes 30s, 2m or 500ms, not '" + text + "'");
    }
  }

  private static CallMix callMix(Map<String, Integer> given) {
    CallMix fallback = CallMix.DEFAULT;
    return new CallMix(given.getOrDefault("--answer", fallback.answer()),
        given.getOrDefault("--no-answer", fallback.noAnswer()), given.getOrDefault("--busy", fallback.busy()),
        given.getOrDefault("--hang-up", fallback.hangUp()), given.getOrDefault("--duplicates", fallback.duplicates()),
        given.getOrDefault("--reorder", fallback.reorder()), given.getOrDefault("--outgoing", fallback.outgoing()));
  }

  private static int percent(String option, String value) {
    if (value.matches("[0-9]{1,3}") && Integer.parseInt(value) <= 100) {
      return Integer.parseInt(value);
    }
    throw new IllegalArgumentException(option + " takes a share in per cent from 0 to 100, not '" + value + "'");
  }

  private static int positive(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below with the option's name.
    }
    throw new IllegalArgumentException(option + " takes a whole number above 0, not '" + value + "'");
  }
}
