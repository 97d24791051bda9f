package io.switchboard.loadtest;

import io.switchboard.loadtest.TwilioRequest.Kind;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * What the calls scenario adds to a run's result: whole calls, the requests of each kind with their latency, and
 * the calls compared with the server's records of them.
 *
 * @param calls the calls begun during the measurement and played to their end
 * @param kinds each kind of request sent during the measurement
 */
record CallsResult(String mix, long calls, double seconds, Map<Kind, KindFigures> kinds, RecordComparison records) {

  /** @param failed the requests that got no answer or a 5xx */
  record KindFigures(long requests, long failed, Histogram latencies) {
    double millisAt(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  long failedRequests() {
    return kinds.values().stream().mapToLong(KindFigures::failed).sum();
  }

  double callsPerSecond() {
    return seconds > 0 ? calls / seconds : 0;
  }

  /** Every request of the measured calls, webhooks and callbacks alike, per second. */
  double webhooksPerSecond() {
    return seconds > 0 ? kinds.values().stream().mapToLong(KindFigures::requests).sum() / seconds : 0;
  }

  void printSummary(PrintStream out) {
    out.printf(Locale.ROOT, "Calls       %d (%.0f calls/s, %.0f webhooks/s): %s%n", calls, callsPerSecond(),
        webhooksPerSecond(), mix);
    out.printf(Locale.ROOT, "  %-28s %9s %9s %9s %9s %9s%n", "request", "count", "failed", "p50 ms", "p99 ms",
        "max ms");
    kinds.forEach((kind, figures) -> out.printf(Locale.ROOT, "  %-28s %9d %9d %9.2f %9.2f %9.2f%n", kind.label,
        figures.requests(), figures.failed(), figures.millisAt(50), figures.millisAt(99),
        figures.latencies().getMaxValue() / 1000.0));
    out.printf(Locale.ROOT, "Failed      %d requests got no answer or a 5xx, of %d calls%n", failedRequests(),
        records.touchedByFailures());
    out.printf(Locale.ROOT, "Records     %d calls compared with /api/calls: %d differences%s%n", records.calls(),
        records.differenceCount(), records.abandoned() + records.otherCalls() == 0 ? ""
            : String.format(Locale.ROOT, " (%d calls abandoned on a wrong answer, not compared; %d other calls in the"
                + " histories, not this run's)", records.abandoned(), records.otherCalls()));
    records.differences().forEach((kind, count) -> out.printf(Locale.ROOT, "  %-40s %d%n", kind, count));
    records.examples().forEach(example -> out.printf(Locale.ROOT, "  e.g. %s%n", example));
    if (records.touchedByFailures() > 0) {
      out.printf(Locale.ROOT, "Apart       %s%n", records.describeFailed());
    }
  }
}
