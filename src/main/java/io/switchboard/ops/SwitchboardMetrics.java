package io.switchboard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Prometheus registry for the JVM's meters, Vert.x's (connections, pools) and ours: HTTP requests by route,
 * method and status, tokens issued and refused, TwiML answers by outcome, webhook signatures refused, call records
 * stored and refused.
 *
 * <p>Vert.x's own HTTP server and event-bus meters are off ({@link io.switchboard.ServerVertx}, which builds the
 * Vert.x instance that reports here): the HTTP requests are timed here instead, with meters looked up once per
 * label set; the event bus hop shows in the HTTP status and time.
 */
public final class SwitchboardMetrics {

  /**
   * The methods counted under their own name. A method is any token a client cares to send, so every other one is
   * counted as {@code other}: a label per invented method would let any caller grow the registry without bound.
   */
  private static final Set<HttpMethod> NAMED_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.CONNECT);
  /** The label value of whatever is not in a label's fixed set. */
  public static final String OTHER = "other";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Registering looks the meter up under a lock and allocates its id: done once per label set, not per request. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<HttpLabels, Timer> httpRequests = new ConcurrentHashMap<>();
  private final Timer storageCommits = Timer.builder("switchboard.storage.commits")
      .description("Group commits of status callbacks: their time from start to commit")
      .register(registry);
  private final DistributionSummary storageBatches = DistributionSummary.builder("switchboard.storage.commit.callbacks")
      .description("Status callbacks per group commit")
      .register(registry);
  /** Status callbacks waiting for their commit. */
  private final AtomicInteger storageQueue = registry.gauge("switchboard.storage.queue", new AtomicInteger());
  private final AtomicInteger storageCommitsRunning = registry.gauge("switchboard.storage.commits.running",
      new AtomicInteger());

  private record HttpLabels(String route, String method, int status) {
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * One HTTP request answered. Every label takes its value from a set fixed in the code, never from the request:
   * the route is one of the server's paths, the method one of {@link #NAMED_METHODS} or {@code other}, the status
   * one the server chose.
   *
   * @param route a path from a fixed set, or {@code other}: never the raw path, whose values are unbounded
   */
  public void httpRequest(String route, HttpMethod method, int status, long nanos) {
    String methodLabel = NAMED_METHODS.contains(method) ? method.name() : OTHER;
    httpRequests.computeIfAbsent(new HttpLabels(route, methodLabel, status), labels -> Timer
            .builder("switchboard.http.requests")
            .description("HTTP requests answered, by route, method and status")
            .tag("route", labels.route())
            .tag("method", labels.method())
            .tag("status", Integer.toString(labels.status()))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /* The labels below are constants of the code that calls them (refusal reasons, plan kinds), never request text. */

  /** @param outcome {@code issued}, {@code unknown_number}, or another refusal reason */
  public void token(String outcome) {
    counter("switchboard.tokens", "Token requests answered, by outcome", "outcome", outcome).increment();
  }

  /** @param outcome {@code dial_client}, {@code dial_number}, {@code refused} or {@code hang_up} */
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

  /** Callbacks committed to the call records. */
  public void callbacksStored(int count) {
    counter("switchboard.storage.callbacks.stored", "Status callbacks committed to the call records").increment(count);
  }

  /** @param reason {@code invalid}, {@code queue_full} or {@code unavailable} */
  public void callbackRejected(String reason) {
    counter("switchboard.storage.callbacks.rejected", "Status callbacks refused by the call records, by reason",
        "reason", reason).increment();
  }

  /** One group commit of {@code callbacks} callbacks, which took {@code nanos}. */
  public void storageCommit(int callbacks, long nanos) {
    storageCommits.record(nanos, TimeUnit.NANOSECONDS);
    storageBatches.record(callbacks);
  }

  /** @param depth the callbacks now waiting for their commit */
  public void storageQueue(int depth) {
    storageQueue.set(depth);
  }

  /** Group commits running at once: one at most on H2, up to one fewer than the pool's connections on PostgreSQL. */
  public void storageCommitsRunning(int commits) {
    storageCommitsRunning.set(commits);
  }

  /**
   * A Dial action's outcome that the store did not take: the TwiML was answered all the same.
   *
   * @param reason the store's refusal status ({@code 503}, {@code 400}), {@code timeout} or {@code no_store}
   */
  public void dialOutcomeUnrecorded(String reason) {
    counter("switchboard.dial.outcomes.unrecorded", "Dial outcomes the store did not take, by reason", "reason", reason)
        .increment();
  }

  /** @param tags the counter's tag names and values, alternately */
  private Counter counter(String name, String description, String... tags) {
    return counters.computeIfAbsent(name + '/' + String.join("/", tags),
        key -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
