package io.switchboard.loadtest;

import io.switchboard.loadtest.TwilioTraffic.PlannedRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the load: its own client and connections, sending in a closed loop (a new request as
 * each answer comes) or an open loop (requests at a fixed pace, latency counted from when each was due).
 * Answers are counted in a shared {@link Tally}: the warm-up's, or the measured part's.
 */
final class LoadGenerator extends VerticleBase {

  private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

  /** What all generators share: the traffic to send, and where results go. */
  record Shared(TwilioTraffic traffic, URI target, Tally warmUp, Tally measured) {
  }

  private final Shared shared;
  private final int connections;
  private final double ratePerSecond;
  private final long warmupEndNanos;
  private final long endNanos;
  private final Promise<Void> drained = Promise.promise();
  private WebClient client;
  /** Closed loop: connections whose last request is answered and that the time stopped. */
  private int workersDone;
  /** Open loop: requests not yet answered, plus one for the pacer while it runs. */
  private long outstanding;

  /** @param ratePerSecond this generator's open-loop pace, or 0 for a closed loop over its connections */
  LoadGenerator(Shared shared, int connections, double ratePerSecond, long warmupEndNanos, long endNanos) {
    this.shared = shared;
    this.connections = connections;
    this.ratePerSecond = ratePerSecond;
    this.warmupEndNanos = warmupEndNanos;
    this.endNanos = endNanos;
  }

  /** Completes once the run's time is up and every request sent has been answered or has timed out. */
  Future<Void> drained() {
    return drained.future();
  }

  @Override
  public Future<?> start() {
    boolean https = "https".equals(shared.target().getScheme());
    int port = shared.target().getPort() > 0 ? shared.target().getPort() : (https ? 443 : 80);
    client = WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost(shared.target().getHost())
            .setDefaultPort(port)
            .setSsl(https)
            .setTrustAll(https)
            .setVerifyHost(false)
            .setKeepAlive(true)
            // A silent connection fails its request: a timer per request would cost the generator a tenth of its pace.
            .setIdleTimeout(REQUEST_TIMEOUT_MILLIS)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setUserAgent("switchboard-loadtest"),
        new PoolOptions().setHttp1MaxSize(connections));
    if (ratePerSecond > 0) {
      paceOpenLoop(System.nanoTime());
    } else {
      for (int i = 0; i < connections; i++) {
        sendClosedLoop();
      }
    }
    return Future.succeededFuture();
  }

  private void sendClosedLoop() {
    if (System.nanoTime() < endNanos) {
      send(System.nanoTime()).onComplete(done -> sendClosedLoop());
    } else if (++workersDone == connections) {
      drained.complete();
    }
  }

  /**
   * Every millisecond, sends the requests that have fallen due since the start at the configured pace. During the
   * warm-up, a request that would wait for a connection is skipped, so that a cold start leaves no queue behind;
   * the pace then starts again from the warm-up's end.
   */
  private void paceOpenLoop(long startNanos) {
    long[] sent = {0};
    long[] paceFrom = {startNanos};
    outstanding = 1;
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      boolean warmingUp = now < warmupEndNanos;
      if (!warmingUp && paceFrom[0] < warmupEndNanos) {
        paceFrom[0] = warmupEndNanos;
        sent[0] = 0;
      }
      long due = (long) ((Math.min(now, endNanos) - paceFrom[0]) * ratePerSecond / 1e9);
      if (warmingUp) {
        long freeConnections = Math.max(0, connections - (outstanding - 1));
        sent[0] = Math.max(sent[0], due - freeConnections);
      }
      while (sent[0] < due) {
        long intended = paceFrom[0] + (long) (sent[0] * 1e9 / ratePerSecond);
        sent[0]++;
        outstanding++;
        send(intended).onComplete(done -> answeredOne());
      }
      if (now >= endNanos) {
        vertx.cancelTimer(timer);
        answeredOne();
      }
    });
  }

  private void answeredOne() {
    if (--outstanding == 0) {
      drained.complete();
    }
  }

  /** Sends one planned request; the latency runs from {@code intendedNanos}, when it was due. */
  private Future<Void> send(long intendedNanos) {
    PlannedRequest planned = shared.traffic().next();
    var request = client.request(HttpMethod.POST, planned.path())
        .putHeader("Content-Type", planned.contentType());
    if (planned.signature() != null) {
      request.putHeader("X-Twilio-Signature", planned.signature());
    }
    return request.sendBuffer(planned.body())
        .transform(answer -> {
          long latencyMicros = (System.nanoTime() - intendedNanos) / 1_000;
          String problem = answer.succeeded()
              ? planned.problem(answer.result().statusCode(), answer.result().body())
              : errorKind(answer.cause());
          (intendedNanos < warmupEndNanos ? shared.warmUp() : shared.measured()).count(latencyMicros, problem);
          return Future.<Void>succeededFuture();
        });
  }

  private static String errorKind(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    return name.contains("Timeout") ? "no answer within " + REQUEST_TIMEOUT_MILLIS / 1000 + " s"
        : "connection error (" + name + ")";
  }
}
