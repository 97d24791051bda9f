package io.switchboard.loadtest;

import io.switchboard.loadtest.TwilioTraffic.Verdict;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the generators count answers: latencies (microseconds, up to a minute, three significant digits), requests,
 * wrong answers and refusals by kind. The warm-up gets a tally of its own that nobody reads, so that it runs the
 * very code the measured part runs: counting nothing during the warm-up left that code for the JIT to compile,
 * cold, just as the measurement began.
 */
record Tally(Recorder latencies, LongAdder requests, ConcurrentHashMap<String, LongAdder> errors,
             ConcurrentHashMap<String, LongAdder> refusals) {

  static final long HIGHEST_LATENCY_MICROS = 60_000_000;

  static Tally create() {
    return new Tally(new Recorder(HIGHEST_LATENCY_MICROS, 3), new LongAdder(), new ConcurrentHashMap<>(),
        new ConcurrentHashMap<>());
  }

  void count(long latencyMicros, Verdict verdict) {
    latencies.recordValue(Math.max(1, Math.min(latencyMicros, HIGHEST_LATENCY_MICROS)));
    requests.increment();
    if (!verdict.right()) {
      (verdict.refusal() ? refusals : errors).computeIfAbsent(verdict.kind(), kind -> new LongAdder()).increment();
    }
  }

  /** A wrong answer found after its request was counted: a TwiML that the next step shows to be wrong. */
  void wrong(String kind) {
    errors.computeIfAbsent(kind, any -> new LongAdder()).increment();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  static Map<String, Long> sums(Map<String, LongAdder> counts) {
    Map<String, Long> sums = new TreeMap<>();
    counts.forEach((kind, count) -> sums.put(kind, count.sum()));
    return sums;
  }
}
