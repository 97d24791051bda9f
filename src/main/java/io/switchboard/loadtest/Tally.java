package io.switchboard.loadtest;

import org.HdrHistogram.Recorder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the generators count answers: latencies (microseconds, up to a minute, three significant digits), requests,
 * and problems by kind. The warm-up gets a tally of its own that nobody reads, so that it runs the very code the
 * measured part runs: counting nothing during the warm-up left that code for the JIT to compile, cold, just as
 * the measurement began.
 */
record Tally(Recorder latencies, LongAdder requests, ConcurrentHashMap<String, LongAdder> errors) {

  static final long HIGHEST_LATENCY_MICROS = 60_000_000;

  static Tally create() {
    return new Tally(new Recorder(HIGHEST_LATENCY_MICROS, 3), new LongAdder(), new ConcurrentHashMap<>());
  }

  /** @param problem empty when the answer was right, else its kind */
  void count(long latencyMicros, String problem) {
    latencies.recordValue(Math.max(1, Math.min(latencyMicros, HIGHEST_LATENCY_MICROS)));
    requests.increment();
    if (!problem.isEmpty()) {
      errors.computeIfAbsent(problem, kind -> new LongAdder()).increment();
    }
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
