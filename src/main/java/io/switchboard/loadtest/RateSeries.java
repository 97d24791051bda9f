package io.switchboard.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run's one-second rates say: whether the warm-up has settled, and whether the measurement still trends.
 * Two JVMs compiling on two cores can make the rate climb fourfold over half a minute: a summary that averages a
 * ramp is neither the cold figure nor the warm one.
 */
final class RateSeries {

  /** How many of the last one-second rates the warm-up looks at. */
  static final int SETTLE_WINDOW = 5;
  /** The window's highest and lowest rate differ by at most this share of its mean. */
  static final double SETTLE_BAND = 0.10;
  /** The window's least-squares line rises by at most this share of its mean from its first to its last second. */
  static final double SETTLE_RISE = 0.05;
  /** A measurement whose least-squares line changes by more than this share of its mean still trends. */
  static final double TREND_THRESHOLD = 0.10;
  /** Fewer full seconds than this say nothing about a trend. */
  static final int TREND_MINIMUM_SECONDS = 3;

  static final String SETTLE_RULE = String.format(Locale.ROOT,
      "the last %d one-second rates at most %.0f%% apart, their line rising less than %.0f%%",
      SETTLE_WINDOW, SETTLE_BAND * 100, SETTLE_RISE * 100);

  private RateSeries() {
  }

  /** Whether the last {@link #SETTLE_WINDOW} one-second rates are level: within a narrow band, and not rising. */
  static boolean settled(List<Long> rates) {
    if (rates.size() < SETTLE_WINDOW) {
      return false;
    }
    List<Long> window = rates.subList(rates.size() - SETTLE_WINDOW, rates.size());
    double mean = mean(window);
    if (mean <= 0) {
      return false;
    }
    long highest = window.stream().mapToLong(Long::longValue).max().orElseThrow();
    long lowest = window.stream().mapToLong(Long::longValue).min().orElseThrow();
    return (highest - lowest) / mean <= SETTLE_BAND && relativeChange(window) <= SETTLE_RISE;
  }

  /**
   * How much the least-squares line through the rates changes from the first second to the last, as a share of their
   * mean: +0.5 for a rate that climbs by half its mean over the series. 0 for fewer than two rates or none answered.
   */
  static double relativeChange(List<Long> rates) {
    int n = rates.size();
    double mean = mean(rates);
    if (n < 2 || mean <= 0) {
      return 0;
    }
    double meanX = (n - 1) / 2.0;
    double covariance = 0;
    double variance = 0;
    for (int x = 0; x < n; x++) {
      covariance += (x - meanX) * (rates.get(x) - mean);
      variance += (x - meanX) * (x - meanX);
    }
    return covariance / variance * (n - 1) / mean;
  }

  /** A plain warning when the measured seconds still climb or fall, empty when they are level or too few to tell. */
  static Optional<String> trendWarning(List<Long> measuredRates) {
    if (measuredRates.size() < TREND_MINIMUM_SECONDS) {
      return Optional.empty();
    }
    double change = relativeChange(measuredRates);
    if (change > TREND_THRESHOLD) {
      return Optional.of(String.format(Locale.ROOT,
          "rate still climbing: %+.0f%% over the measurement; measure longer or warm up longer", change * 100));
    }
    if (change < -TREND_THRESHOLD) {
      return Optional.of(String.format(Locale.ROOT,
          "rate falling: %+.0f%% over the measurement; the server, the tester or another process is slowing down",
          change * 100));
    }
    return Optional.empty();
  }

  /** The trend in words: the warning, or how level the rate was, or that there were too few seconds to tell. */
  static String describeTrend(List<Long> measuredRates) {
    if (measuredRates.size() < TREND_MINIMUM_SECONDS) {
      return "too few whole seconds to tell";
    }
    return trendWarning(measuredRates).orElseGet(() -> String.format(Locale.ROOT,
        "level: %+.0f%% over the measurement", relativeChange(measuredRates) * 100));
  }

  private static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(0);
  }
}
