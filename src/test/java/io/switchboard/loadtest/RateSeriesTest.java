package io.switchboard.loadtest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules that end an automatic warm-up and flag a measurement that still trends, on one-second rates. */
class RateSeriesTest {

  private static List<Long> rates(String spaced) {
    return spaced.isBlank() ? List.of() : Arrays.stream(spaced.trim().split(" +")).map(Long::valueOf).toList();
  }

  @ParameterizedTest(name = "{0} settled: {1}")
  @CsvSource({
      "'', false",
      "'18000 18100 17900 18050', false",                              // fewer seconds than the window
      "'18000 18100 17900 18050 17950', true",                         // level
      "'4500 9000 18000 18100 17900 18050 17950', true",               // the ramp is behind the window
      "'4500 6000 8000 11000 14000 18000', false",                     // still climbing
      "'16600 17000 17400 17800 18200', false",                        // in the band, but rising 9%
      "'18200 17800 17400 17000 16600', true",                         // falling slowly: not a warm-up's ramp
      "'18000 18000 12000 18000 18000', false",                        // a stall in the window
      "'0 0 0 0 0', false",                                            // nothing answered
      "'200 201 199 200 200', true",                                   // an open loop's pace
  })
  void settledWhenTheLastFiveSecondsAreLevelAndNotRising(String series, boolean settled) {
    assertEquals(settled, RateSeries.settled(rates(series)));
  }

  @ParameterizedTest(name = "{0} changes by {1}")
  @CsvSource({
      "'', 0",
      "'100', 0",
      "'100 100 100', 0",
      "'90 100 110', 0.2",                                             // +20 over a mean of 100
      "'110 100 90', -0.2",
      "'4500 7000 9500 12000 14500 17000 18000 18000', 1.16",          // the ramp: 4.5k to 18k in 8 s
  })
  void relativeChangeIsTheLeastSquaresLineFromFirstToLastSecondOverTheMean(String series, double change) {
    assertEquals(change, RateSeries.relativeChange(rates(series)), 0.005);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "'4500 7000 9500 12000 14500 17000 18000 18000', 'rate still climbing: +116% over the measurement; measure longer or warm up longer'",
      "'18000 17000 16000 15000', 'rate falling: -18% over the measurement; the server, the tester or another process is slowing down'",
      "'18000 18500 17600 18200 17900 18100', ''",                     // noise, no trend
      "'100 105 109', ''",                                             // +9%: under the threshold
      "'100 200', ''",                                                 // two seconds tell nothing
  })
  void aMeasurementThatStillTrendsIsFlagged(String series, String warning) {
    assertEquals(warning.isEmpty() ? Optional.empty() : Optional.of(warning), RateSeries.trendWarning(rates(series)));
  }
}
