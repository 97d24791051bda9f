package io.switchboard.loadtest;

import io.switchboard.loadtest.TwilioTraffic.PlannedRequest;
import io.switchboard.loadtest.TwilioTraffic.Verdict;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the load: its own client and connections, sending in a closed loop (a new request as
 * each answer comes) or an open loop (requests at a fixed pace, latency counted from when each was due).
 * Answers are counted in a shared {@link Tally}: the warm-up's for a request due before the warm-up's end, the
 * measured part's for the others, whenever the answer comes.
 *
 * <p>No branch on the path of a request asks whether the warm-up is over: the tally is picked by arithmetic on the
 * time the request was due. A test on each request, false all through the warm-up, would be compiled by the JIT as
 * "never true", and its first true answer would send the compiled response path back to the interpreter just as the
 * measurement begins.
 */
final class LoadGenerator extends VerticleBase {

  private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

  /**
   * What all generators share: the traffic to send, and where results go.
   *
   * @param acknowledged where each callback answered 2xx goes, warm-up included; null to keep none
   */
  record Shared(TwilioTraffic traffic, URI target, Tally warmUp, Tally measured,
                Queue<AcknowledgedCallback> acknowledged) {
  }

  /**
   * When the phases of the run begin, in {@link System#nanoTime()}: set before the generators start, and moved
   * earlier, once, when an automatic warm-up settles. The order of the phases never changes: queueing (open loop)
   * from {@code queueFrom}, measured from {@code warmUpEnd}, stopped at {@code end}.
   */
  static final class Schedule {
    private volatile long queueFromNanos;
    private volatile long warmUpEndNanos;
    private volatile long endNanos;

    Schedule(long queueFromNanos, long warmUpEndNanos, long endNanos) {
      moveTo(queueFromNanos, warmUpEndNanos, endNanos);
    }

    /** The end first, the start of queueing last: a generator that reads them meanwhile still sees them in order. */
    void moveTo(long queueFromNanos, long warmUpEndNanos, long endNanos) {
      this.endNanos = endNanos;
      this.warmUpEndNanos = warmUpEndNanos;
      this.queueFromNanos = queueFromNanos;
    }

    long queueFromNanos() {
      return queueFromNanos;
    }

    long warmUpEndNanos() {
      return warmUpEndNanos;
    }

    long endNanos() {
      return endNanos;
    }
  }

  private final Shared shared;
  private final int connections;
  private final double ratePerSecond;
  private final Schedule schedule;
  private final Promise<Void> drained = Promise.promise();
  /** The measured tally, then the warm-up's: see {@link #tallyOf}. */
  private final Tally[] tallies;
  private WebClient client;
  /** Closed loop: connections whose last request is answered and that the time stopped. */
  private int workersDone;
  /** Open loop: whether the pacer still has requests to send; once not, the last answer drains the generator. */
  private boolean pacing;
  /** Open loop: requests sent and not yet answered, at most one per connection. */
  private int inFlight;
  /** Open loop: when the pace that queues began (0 before), and how many of its requests have been sent. */
  private long queueingFromNanos;
  private long queueingSent;
  /** Open loop: when each request that found every connection busy was due, oldest first. */
  private final ArrayDeque<Long> waiting = new ArrayDeque<>();

  /** @param ratePerSecond this generator's open-loop pace, or 0 for a closed loop over its connections */
  LoadGenerator(Shared shared, int connections, double ratePerSecond, Schedule schedule) {
    this.shared = shared;
    this.connections = connections;
    this.ratePerSecond = ratePerSecond;
    this.schedule = schedule;
    this.tallies = new Tally[] {shared.measured(), shared.warmUp()};
  }

  /** A client of the server under test, with up to {@code connections} connections, for every scenario. */
  static WebClient clientFor(Vertx vertx, URI target, int connections) {
    boolean https = "https".equals(target.getScheme());
    int port = target.getPort() > 0 ? target.getPort() : (https ? 443 : 80);
    return WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost(target.getHost())
            .setDefaultPort(port)
            .setSsl(https)
            .setTrustAll(https)
            .setVerifyHost(false)
            .setKeepAlive(true)
            // A redirect is a wrong answer to report, not to follow; and following them cost the web client a copy of
            // its whole options on every response, to read the redirect limit.
            .setFollowRedirects(false)
            // A silent connection fails its request: a timer per request would slow the generator down.
            .setIdleTimeout(REQUEST_TIMEOUT_MILLIS)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setUserAgent("switchboard-loadtest"),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  /** Completes once the run's time is up and every request sent has been answered or has timed out. */
  Future<Void> drained() {
    return drained.future();
  }

  @Override
  public Future<?> start() {
    client = clientFor(vertx, shared.target(), connections);
    if (ratePerSecond > 0) {
      pacing = true;
      // The warm-up's first part skips what would wait, so that a cold start leaves no queue behind; its last part
      // already runs the measured pace, queueing included, so that the switch from one to the other is not measured.
      vertx.setPeriodic(1, paceSkipping(System.nanoTime()));
    } else {
      for (int i = 0; i < connections; i++) {
        sendClosedLoop();
      }
    }
    return Future.succeededFuture();
  }

  private void sendClosedLoop() {
    if (System.nanoTime() < schedule.endNanos()) {
      send(System.nanoTime()).onComplete(done -> sendClosedLoop());
    } else if (++workersDone == connections) {
      drained.complete();
    }
  }

  /**
   * The pace every millisecond from {@code startNanos}, skipping a request that would wait for a connection, until
   * the schedule's queueing begins: then the pace that queues, from that time.
   */
  private Handler<Long> paceSkipping(long startNanos) {
    long[] sent = {0};
    return timer -> {
      long queueFrom = schedule.queueFromNanos();
      if (System.nanoTime() >= queueFrom) {
        vertx.cancelTimer(timer);
        queueingFromNanos = queueFrom;
        vertx.setPeriodic(1, this::paceQueueing);
        return;
      }
      long due = (long) ((System.nanoTime() - startNanos) * ratePerSecond / 1e9);
      long freeConnections = connections - inFlight;
      sent[0] = Math.max(sent[0], due - freeConnections);
      for (; sent[0] < due; sent[0]++) {
        sendPaced(startNanos + (long) (sent[0] * 1e9 / ratePerSecond));
      }
    };
  }

  /** The pace every millisecond to the end: whatever is due is sent, waiting if it must. */
  private void paceQueueing(long timer) {
    sendDue();
    if (System.nanoTime() >= schedule.endNanos()) {
      vertx.cancelTimer(timer);
      pacing = false;
      drainedIfDone();
    }
  }

  /**
   * Sends every request due by now. Run by the timer, and after each answer: a loop busy with answers ran its timer
   * late, and what was due meanwhile went out late, counted as the server's latency.
   */
  private void sendDue() {
    long due = (long) ((Math.min(System.nanoTime(), schedule.endNanos()) - queueingFromNanos) * ratePerSecond / 1e9);
    for (; queueingSent < due; queueingSent++) {
      sendPaced(queueingFromNanos + (long) (queueingSent * 1e9 / ratePerSecond));
    }
  }

  /**
   * Sends a paced request on a free connection, or keeps it here, oldest first, until one is free: the client's
   * pool never queues, and the warm-up knows exactly how many connections are free.
   */
  private void sendPaced(long intendedNanos) {
    if (inFlight < connections) {
      sendPacedNow(intendedNanos);
    } else {
      waiting.add(intendedNanos);
    }
  }

  private void sendPacedNow(long intendedNanos) {
    inFlight++;
    send(intendedNanos).onComplete(done -> {
      inFlight--;
      Long next = waiting.poll();
      if (next != null) {
        sendPacedNow(next);
      } else {
        if (queueingFromNanos != 0) {
          sendDue();
        }
        drainedIfDone();
      }
    });
  }

  /** A request waits only while every connection is busy, so no request in flight means none waiting either. */
  private void drainedIfDone() {
    if (!pacing && inFlight == 0) {
      drained.complete();
    }
  }

  /**
   * The tally of a request due at {@code intendedNanos}: the sign bit of its distance to the warm-up's end picks the
   * warm-up's (due before) or the measured one, without a branch. Picked from when the request was due, not when
   * its answer comes: a warm-up request may be answered after the warm-up has ended.
   */
  private Tally tallyOf(long intendedNanos) {
    return tallies[(int) ((intendedNanos - schedule.warmUpEndNanos()) >>> 63)];
  }

  /** Sends one planned request; the latency runs from {@code intendedNanos}, when it was due. */
  private Future<Void> send(long intendedNanos) {
    Tally tally = tallyOf(intendedNanos);
    PlannedRequest planned = shared.traffic().next();
    var request = client.request(HttpMethod.POST, planned.path())
        .putHeader("Content-Type", planned.contentType());
    if (planned.signature() != null) {
      request.putHeader(TwilioSignature.HEADER, planned.signature());
    }
    return request.sendBuffer(planned.body())
        .transform(answer -> {
          long latencyMicros = (System.nanoTime() - intendedNanos) / 1_000;
          Verdict verdict = answer.succeeded()
              ? planned.verdict(answer.result().statusCode(), answer.result().body())
              : Verdict.wrong(errorKind(answer.cause()));
          tally.count(latencyMicros, verdict);
          if (planned.acknowledges() != null && shared.acknowledged() != null && verdict.right()) {
            shared.acknowledged().add(planned.acknowledges());
          }
          return Future.<Void>succeededFuture();
        });
  }

  private static String errorKind(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    return name.contains("Timeout") ? "no answer within " + REQUEST_TIMEOUT_MILLIS / 1000 + " s"
        : "connection error (" + name + ")";
  }
}
