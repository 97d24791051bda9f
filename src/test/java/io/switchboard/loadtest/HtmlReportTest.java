package io.switchboard.loadtest;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the report says about the figures' worth: the warm-up, a rate that still climbs, a tester at its limit. */
class HtmlReportTest {

  private static LoadResult result(long[] rates, CpuShare cpu) {
    Histogram latencies = new Histogram(Tally.HIGHEST_LATENCY_MICROS, 3);
    latencies.recordValue(900);
    List<LoadResult.Second> timeline = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < rates.length; i++) {
      timeline.add(new LoadResult.Second(i + 1, rates[i], 800, 1500, 2000, 0));
      total += rates[i];
    }
    return new LoadResult("incoming", "http://127.0.0.1:8080", "closed loop over 64 connections", rates.length, total,
        Map.of(), Map.of(), latencies, timeline, "15 s, fixed", cpu, Optional.empty());
  }

  @Test
  void aClimbingRateAndASaturatedTesterAreSaidPlainly() {
    CpuShare saturated = new CpuShare(1.8, 2, 2, OptionalDouble.of(1.98));
    String html = HtmlReport.render(result(new long[] {4500, 7000, 9500, 12000, 14500, 17000, 18000, 18000},
        saturated));
    assertTrue(html.contains("<p>Warm-up: 15 s, fixed.</p>"), html);
    assertTrue(html.contains("<p id=\"trend\"><b>rate still climbing: +116% over the measurement; measure longer or"
        + " warm up longer</b></p>"), html);
    assertTrue(html.contains("<p id=\"bottleneck\"><b>the load tester itself was the bottleneck: its event loops were"
        + " busy 90% of the time</b></p>"), html);
  }

  @Test
  void aLevelRateFromATesterWithRoomToSpareRaisesNoFlag() {
    CpuShare idle = new CpuShare(0.4, 2, 2, OptionalDouble.of(1.0));
    String html = HtmlReport.render(result(new long[] {18000, 18200, 17900, 18100, 18000}, idle));
    assertFalse(html.contains("id=\"trend\""), html);
    assertFalse(html.contains("id=\"bottleneck\""), html);
    assertTrue(html.contains("<p>Tester CPU: 0.40 cores of 2 (20% of the machine, 20% per event loop over 2)"), html);
  }
}
