package io.switchboard.loadtest;

import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A self-contained HTML page (inline SVG, no script) with the run's throughput and latency charts. */
final class HtmlReport {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 260;
  private static final int MARGIN = 50;

  private HtmlReport() {
  }

  static String render(LoadResult result) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard load test</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:2em;color:#1a1a1a}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}th{background:#eee}")
        .append("svg{border:1px solid #ddd;margin:1em 0}text{font-size:11px}</style></head><body>")
        .append("<h1>Switchboard load test</h1>")
        .append(String.format(Locale.ROOT, "<p>Scenario <b>%s</b> against <code>%s</code>, %s, %.1f s.</p>",
            escape(result.scenario()), escape(result.target()), escape(result.mode()), result.seconds()))
        .append("<table><tr><th>requests</th><th>req/s</th><th>errors</th><th>p50 ms</th><th>p90 ms</th>")
        .append("<th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>")
        .append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.0f</td><td>%d</td><td>%.2f</td><td>%.2f</td>"
                + "<td>%.2f</td><td>%.2f</td><td>%.2f</td></tr></table>", result.requests(), result.requestsPerSecond(),
            result.errorCount(), result.millisAt(50), result.millisAt(90), result.millisAt(99), result.millisAt(99.9),
            result.latencies().getMaxValue() / 1000.0));
    html.append("<p>Warm-up: ").append(escape(result.warmUp())).append(".</p>");
    result.trendWarning().ifPresent(warning ->
        html.append("<p id=\"trend\"><b>").append(escape(warning)).append("</b></p>"));
    html.append("<p>Tester CPU: ").append(escape(result.cpu().describe())).append(".</p>");
    if (result.cpu().testerWasTheBottleneck()) {
      html.append("<p id=\"bottleneck\"><b>").append(escape(result.cpu().verdict())).append("</b></p>");
    }
    result.calls().ifPresent(calls -> calls(html, calls));
    counts(html, "Errors", result.errors());
    counts(html, "Refused by the server's configuration", result.refusals());
    List<double[]> throughput = new ArrayList<>();
    List<double[]> p99 = new ArrayList<>();
    for (LoadResult.Second second : result.timeline()) {
      throughput.add(new double[] {second.second(), second.requests()});
      p99.add(new double[] {second.second(), second.p99() / 1000.0});
    }
    html.append("<h2>Throughput over time</h2>")
        .append(chart("id=\"throughput\"", throughput, "second", "requests per second", false));
    html.append("<h2>Latency p99 over time</h2>").append(chart("id=\"latency-over-time\"", p99, "second", "p99 ms", false));
    List<double[]> percentiles = new ArrayList<>();
    for (HistogramIterationValue value : result.latencies().percentiles(5)) {
      double percentile = value.getPercentileLevelIteratedTo();
      if (percentile < 100) {
        percentiles.add(new double[] {Math.log10(100 / (100 - percentile)), value.getValueIteratedTo() / 1000.0});
      }
    }
    html.append("<h2>Latency by percentile</h2>")
        .append(chart("id=\"latency-percentiles\"", percentiles, "percentile (0, 90, 99, 99.9, 99.99 at 0 to 4)",
            "latency ms", true))
        .append("</body></html>\n");
    return html.toString();
  }

  /** Whole calls, the requests of each kind with their latency, and the calls compared with their records. */
  private static void calls(StringBuilder html, CallsResult calls) {
    RecordComparison records = calls.records();
    html.append("<h2>Calls</h2>")
        .append(String.format(Locale.ROOT, "<p>%d calls measured, <b>%.0f calls/s</b>, %.0f webhooks/s: %s.</p>",
            calls.calls(), calls.callsPerSecond(), calls.webhooksPerSecond(), escape(calls.mix())))
        .append("<table id=\"requests-by-kind\"><tr><th>request</th><th>count</th><th>failed</th><th>p50 ms</th>")
        .append("<th>p99 ms</th><th>max ms</th></tr>");
    calls.kinds().forEach((kind, figures) -> html.append(String.format(Locale.ROOT,
        "<tr><td style=\"text-align:left\">%s</td><td>%d</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>",
        escape(kind.label), figures.requests(), figures.failed(), figures.millisAt(50), figures.millisAt(99),
        figures.latencies().getMaxValue() / 1000.0)));
    html.append("</table>")
        .append(String.format(Locale.ROOT, "<p id=\"records\"%s>%d calls compared with their records through "
                + "<code>/api/calls</code>: <b>%d differences</b>; %d calls abandoned on a wrong answer, %d other calls "
                + "in the histories.</p>", records.differenceCount() > 0 ? " style=\"color:#a00\"" : "",
            records.calls(), records.differenceCount(), records.abandoned(), records.otherCalls()));
    if (records.touchedByFailures() > 0) {
      html.append("<p id=\"failed\">").append(calls.failedRequests())
          .append(" requests got no answer or a 5xx: ").append(escape(records.describeFailed())).append(".</p>");
    }
    counts(html, "Differences from the records", records.differences());
    if (!records.examples().isEmpty()) {
      html.append("<ul id=\"differences\">");
      records.examples().forEach(example -> html.append("<li><code>").append(escape(example)).append("</code></li>"));
      html.append("</ul>");
    }
  }

  private static void counts(StringBuilder html, String title, Map<String, Long> counts) {
    if (!counts.isEmpty()) {
      html.append("<h2>").append(escape(title)).append("</h2><table><tr><th>kind</th><th>count</th></tr>");
      counts.forEach((kind, count) -> html.append("<tr><td style=\"text-align:left\">").append(escape(kind))
          .append("</td><td>").append(count).append("</td></tr>"));
      html.append("</table>");
    }
  }

  private static String chart(String id, List<double[]> points, String xLabel, String yLabel, boolean percentileAxis) {
    double maxX = Math.max(1, max(points, point -> point[0]));
    double maxY = Math.max(1e-3, max(points, point -> point[1])) * 1.1;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg %s width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
        id, WIDTH, HEIGHT, WIDTH, HEIGHT));
    int plotWidth = WIDTH - 2 * MARGIN;
    int plotHeight = HEIGHT - 2 * MARGIN;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
        MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
        MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN));
    for (int tick = 0; tick <= 4; tick++) {
      double value = maxY * tick / 4;
      int y = HEIGHT - MARGIN - plotHeight * tick / 4;
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
          MARGIN - 4, y + 4, format(value)));
    }
    for (int tick = 0; tick <= 4; tick++) {
      double value = maxX * tick / 4;
      int x = MARGIN + plotWidth * tick / 4;
      String label = percentileAxis ? format(100 - 100 / Math.pow(10, value)) : format(value);
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
          x, HEIGHT - MARGIN + 16, label));
    }
    StringBuilder line = new StringBuilder();
    for (double[] point : points) {
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", MARGIN + plotWidth * point[0] / maxX,
          HEIGHT - MARGIN - plotHeight * point[1] / maxY));
    }
    svg.append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"").append(line).append("\"/>")
        .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            WIDTH / 2, HEIGHT - 10, escape(xLabel)))
        .append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
            + "text-anchor=\"middle\">%s</text>", HEIGHT / 2, HEIGHT / 2, escape(yLabel)))
        .append("</svg>");
    return svg.toString();
  }

  private static double max(List<double[]> points, ToDoubleFunction<double[]> value) {
    return points.stream().mapToDouble(value).max().orElse(0);
  }

  private static String format(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
