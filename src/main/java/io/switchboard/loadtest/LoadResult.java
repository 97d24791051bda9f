package io.switchboard.loadtest;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one load test measured: totals, wrong answers and refusals by kind, the latency histogram and the run second
 * by second. A refusal is the server's right answer to a load its configuration does not take (a rate cap): not an
 * error, but not the load meant either, so it is named with the setting to change. Whether the figures can be
 * trusted is said too: how the warm-up ended, a rate that still trends, and a tester that bounded the rate itself.
 *
 * @param warmUp what the warm-up was, in words
 * @param cpu    the CPU the tester and the machine used over the measurement
 * @param calls  the calls scenario's whole calls and their records; empty for the other scenarios
 */
record LoadResult(String scenario, String target, String mode, double seconds, long requests,
                  Map<String, Long> errors, Map<String, Long> refusals, Histogram latencies, List<Second> timeline,
                  String warmUp, CpuShare cpu, Optional<CallsResult> calls) {

  /** One second of the run; latencies in microseconds. */
  record Second(int second, long requests, long p50, long p99, long max, long errorsSoFar) {
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Wrong answers, and calls whose records differ from what was simulated. */
  boolean clean() {
    return errorCount() == 0 && requests > 0 && calls.map(run -> run.records().differenceCount() == 0).orElse(true);
  }

  double requestsPerSecond() {
    return seconds > 0 ? requests / seconds : 0;
  }

  /** The requests of each whole second measured, leaving out the part-second of answers that came after the end. */
  List<Long> measuredRates() {
    return timeline.stream().limit((long) Math.floor(seconds + 1e-3)).map(Second::requests).toList();
  }

  /** A warning when the measured rate still climbs or falls. */
  Optional<String> trendWarning() {
    return RateSeries.trendWarning(measuredRates());
  }

  /** Latency at {@code percentile} (0 to 100), in milliseconds. */
  double millisAt(double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1000.0;
  }

  void printSummary(PrintStream out) {
    out.printf(Locale.ROOT, "%nScenario %s against %s, %s, %.1f s%n", scenario, target, mode, seconds);
    out.printf(Locale.ROOT, "Requests    %d (%.0f req/s)%n", requests, requestsPerSecond());
    out.printf(Locale.ROOT, "Errors      %d%n", errorCount());
    errors.forEach((kind, count) -> out.printf(Locale.ROOT, "  %-40s %d%n", kind, count));
    if (!refusals.isEmpty()) {
      out.printf(Locale.ROOT, "Refused     %d (right answers to a load the configuration refuses)%n",
          refusals.values().stream().mapToLong(Long::longValue).sum());
      refusals.forEach((kind, count) -> out.printf(Locale.ROOT, "  %-40s %d%n", kind, count));
    }
    calls.ifPresent(run -> run.printSummary(out));
    out.printf(Locale.ROOT, "Latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
        millisAt(50), millisAt(90), millisAt(99), millisAt(99.9), latencies.getMaxValue() / 1000.0);
    out.printf(Locale.ROOT, "Warm-up     %s%n", warmUp);
    out.printf(Locale.ROOT, "Trend       %s%n", RateSeries.describeTrend(measuredRates()));
    out.printf(Locale.ROOT, "Tester CPU  %s%n", cpu.describe());
    out.printf(Locale.ROOT, "            %s%n", cpu.verdict());
  }
}
