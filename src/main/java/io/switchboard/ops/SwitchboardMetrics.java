package io.switchboard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Prometheus registry for the JVM's meters, Vert.x's (connections, pools) and ours: HTTP requests by route,
 * method and status, tokens issued and refused, TwiML answers by outcome, webhook signatures refused.
 *
 * <p>Vert.x's own HTTP server and event-bus meters are off ({@link io.switchboard.ServerVertx}, which builds the
 * Vert.x instance that reports here): the HTTP requests are timed here instead, with meters looked up once per
 * label set; the event bus hop shows in the HTTP status and time.
 */
public final class SwitchboardMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Registering looks the meter up under a lock and allocates its id: done once per label set, not per request. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<HttpLabels, Timer> httpRequests = new ConcurrentHashMap<>();

  private record HttpLabels(String route, String method, int status) {
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * One HTTP request answered.
   *
   * @param route a path from a fixed set, or {@code other}: never the raw path, whose values are unbounded
   */
  public void httpRequest(String route, String method, int status, long nanos) {
    httpRequests.computeIfAbsent(new HttpLabels(route, method, status), labels -> Timer
            .builder("switchboard.http.requests")
            .description("HTTP requests answered, by route, method and status")
            .tag("route", labels.route())
            .tag("method", labels.method())
            .tag("status", Integer.toString(labels.status()))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** @param outcome {@code issued}, {@code unknown_number}, or another refusal reason */
  public void token(String outcome) {
    counter("switchboard.tokens", "Token requests answered, by outcome", "outcome", outcome).increment();
  }

  /** @param outcome {@code dial_client}, {@code dial_number} or {@code refused} */
  public void twiml(String webhook, String outcome) {
    counter("switchboard.twiml.answers", "TwiML answers rendered, by webhook and outcome",
        "webhook", webhook, "outcome", outcome).increment();
  }

  /** @param reason why the call was refused, from a fixed set ({@code country_not_allowed}, {@code rate_limited}…) */
  public void twimlRefusal(String webhook, String reason) {
    counter("switchboard.twiml.refusals", "Calls refused in TwiML, by webhook and reason",
        "webhook", webhook, "reason", reason).increment();
  }

  /** @param reason {@code missing} or {@code invalid} */
  public void signatureRefused(String reason) {
    counter("switchboard.webhook.signature.refused", "Webhooks refused for their X-Twilio-Signature", "reason", reason)
        .increment();
  }

  /** @param tags the counter's tag names and values, alternately */
  private Counter counter(String name, String description, String... tags) {
    return counters.computeIfAbsent(name + '/' + String.join("/", tags),
        key -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
