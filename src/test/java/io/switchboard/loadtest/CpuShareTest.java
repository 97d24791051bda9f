package io.switchboard.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the load tester itself bounded the rate, from its CPU and the machine's, in cores. */
class CpuShareTest {

  @ParameterizedTest(name = "tester {0} cores on {1} loops of {2} cores, machine {3}: {4}")
  @CsvSource({
      // tester, loops, cores, machine (-1: unknown), bottleneck, what the verdict starts with
      "1.7, 2, 2, 1.95, true,  'the load tester itself was the bottleneck: its event loops were busy 85%'",
      "0.9, 1, 4, -1,   true,  'the load tester itself was the bottleneck: its event loops were busy 90%'",
      "1.0, 2, 2, 1.96, true,  'the load tester itself was the bottleneck: the machine was 98% busy and the tester took 51%'",
      "0.6, 2, 2, 1.95, false, 'the machine was 98% busy, the tester took 31% of that: the server or other processes'",
      "1.0, 2, 2, 1.40, false, 'the load tester had CPU to spare'",
      "1.0, 2, 2, -1,   false, 'the load tester had CPU to spare'",
      "0.3, 2, 8, 1.0,  false, 'the load tester had CPU to spare'",
  })
  void theVerdict(double tester, int loops, int cores, double machine, boolean bottleneck, String verdict) {
    CpuShare share = new CpuShare(tester, loops, cores,
        machine < 0 ? OptionalDouble.empty() : OptionalDouble.of(machine));
    assertEquals(bottleneck, share.testerWasTheBottleneck());
    assertTrue(share.verdict().startsWith(verdict), share.verdict());
  }

  /** This thread's own CPU over the same time is a floor for the process's, however busy the machine is. */
  @Test
  void aSampleCountsTheCpuThisProcessBurns() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    CpuShare.Sample start = CpuShare.Sample.now();
    long threadStart = threads.getCurrentThreadCpuTime();
    long spin = System.nanoTime() + 200_000_000L;
    long sum = 0;
    while (System.nanoTime() < spin) {
      sum += sum * 31 + 7;
    }
    long threadCpu = threads.getCurrentThreadCpuTime() - threadStart;
    CpuShare.Sample end = CpuShare.Sample.now();
    CpuShare share = CpuShare.between(start, end, 1);
    double threadCores = threadCpu / (double) (end.wallNanos() - start.wallNanos());
    assertTrue(threadCores > 0.01, "the spinning thread ran: " + threadCores + " " + sum);
    assertTrue(share.testerCores() >= threadCores * 0.9, share.describe() + " against this thread's " + threadCores);
  }
}
