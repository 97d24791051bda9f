package io.switchboard.loadtest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The CPU the load tester's process used over the measurement, and the machine's, in cores: whether the tester
 * itself bounded the rate. The process's CPU counts all of its threads (event loops, JIT, GC); a server run in the
 * same JVM, as in the tests, counts as the tester's. The machine's comes from Linux's /proc/stat, absent elsewhere.
 *
 * @param testerCores   the tester's CPU time over the wall time
 * @param machineCores  the machine's busy time over the wall time, every process included, if known
 */
record CpuShare(double testerCores, int eventLoops, int cores, OptionalDouble machineCores) {

  /** An event loop busy this share of the time has no room for more requests. */
  static final double SATURATED_LOOP = 0.8;
  /** A machine busy this share of the time has no core to spare. */
  static final double SATURATED_MACHINE = 0.9;

  /** A point in time to measure from. */
  record Sample(long wallNanos, long processCpuNanos, long machineBusyTicks, long machineTotalTicks) {

    static Sample now() {
      long[] machine = readMachineTicks();
      return new Sample(System.nanoTime(), readProcessCpuNanos(), machine[0], machine[1]);
    }
  }

  static CpuShare between(Sample start, Sample end, int eventLoops) {
    int cores = Runtime.getRuntime().availableProcessors();
    double wall = Math.max(1, end.wallNanos() - start.wallNanos());
    double tester = Math.max(0, end.processCpuNanos() - start.processCpuNanos()) / wall;
    long totalTicks = end.machineTotalTicks() - start.machineTotalTicks();
    OptionalDouble machine = start.machineTotalTicks() > 0 && totalTicks > 0
        ? OptionalDouble.of((double) (end.machineBusyTicks() - start.machineBusyTicks()) / totalTicks * cores)
        : OptionalDouble.empty();
    return new CpuShare(tester, eventLoops, cores, machine);
  }

  /** The tester's CPU, and the machine's, in one line. */
  String describe() {
    String line = String.format(Locale.ROOT, "%.2f cores of %d (%.0f%% of the machine, %.0f%% per event loop over %d)",
        testerCores, cores, testerCores / cores * 100, testerCores / eventLoops * 100, eventLoops);
    if (machineCores.isPresent()) {
      line += String.format(Locale.ROOT, "; the machine %.0f%% busy, %.2f cores for the server and everything else",
          machineCores.getAsDouble() / cores * 100, Math.max(0, machineCores.getAsDouble() - testerCores));
    }
    return line;
  }

  /**
   * Whether the tester itself bounded the rate: its event loops had no time left, or the machine had no core left
   * and the tester held at least half of what was busy (a leaner client would have left the server more).
   */
  boolean testerWasTheBottleneck() {
    if (testerCores / eventLoops >= SATURATED_LOOP) {
      return true;
    }
    return machineCores.isPresent() && machineCores.getAsDouble() >= SATURATED_MACHINE * cores
        && testerCores >= machineCores.getAsDouble() / 2;
  }

  /** The plain verdict for the summary. */
  String verdict() {
    if (testerCores / eventLoops >= SATURATED_LOOP) {
      return String.format(Locale.ROOT, "the load tester itself was the bottleneck: its event loops were busy %.0f%%"
          + " of the time", testerCores / eventLoops * 100);
    }
    if (testerWasTheBottleneck()) {
      return String.format(Locale.ROOT, "the load tester itself was the bottleneck: the machine was %.0f%% busy and"
              + " the tester took %.0f%% of that; with the server on its own cores, expect a higher rate",
          machineCores.getAsDouble() / cores * 100, testerCores / machineCores.getAsDouble() * 100);
    }
    if (machineCores.isPresent() && machineCores.getAsDouble() >= SATURATED_MACHINE * cores) {
      return String.format(Locale.ROOT, "the machine was %.0f%% busy, the tester took %.0f%% of that: the server or"
          + " other processes set the rate", machineCores.getAsDouble() / cores * 100,
          testerCores / machineCores.getAsDouble() * 100);
    }
    return "the load tester had CPU to spare";
  }

  private static long readProcessCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
      return Math.max(0, bean.getProcessCpuTime());
    }
    return 0;
  }

  /** The machine's busy and total clock ticks since boot from /proc/stat's first line; zeros where there is none. */
  private static long[] readMachineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      long idle = 0;
      // user nice system idle iowait irq softirq steal: guest time is already counted in user and nice.
      for (int i = 1; i < Math.min(fields.length, 9); i++) {
        long ticks = Long.parseLong(fields[i]);
        total += ticks;
        if (i == 4 || i == 5) {
          idle += ticks;
        }
      }
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
