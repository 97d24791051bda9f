package io.switchboard.loadtest;

import io.switchboard.directory.DirectoryEntry;
import io.switchboard.loadtest.TwilioRequest.Kind;
import io.switchboard.loadtest.TwilioTraffic.Verdict;
import io.switchboard.twilio.CallWebhook;
import io.switchboard.twilio.RetryOverrides;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One event loop's share of the calls scenario: as many {@link SimulatedCall}s at once as it has connections, each
 * sending its next request as soon as the last is answered (its clock is virtual), a new call as each ends, until
 * the run's time is up. A call is counted in the warm-up's tallies or the measured ones by when it began.
 */
final class CallSimulator extends VerticleBase {

  /**
   * Where one phase of the run (warm-up or measured) counts its requests, per kind too, and its calls.
   *
   * @param failed the requests of each kind that got no answer or a 5xx
   */
  record Tallies(Tally all, Map<Kind, Tally> byKind, Map<Kind, LongAdder> failed, LongAdder calls) {
    static Tallies create() {
      Map<Kind, Tally> byKind = new EnumMap<>(Kind.class);
      Map<Kind, LongAdder> failed = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        byKind.put(kind, Tally.create());
        failed.put(kind, new LongAdder());
      }
      return new Tallies(Tally.create(), byKind, failed, new LongAdder());
    }
  }

  /**
   * What all the simulators share.
   *
   * @param entries   the entries called: those whose clients the comparison can get tokens for
   * @param callers   their clients, each with the number it calls out from
   * @param phones    the phones the dial policy lets a client call
   * @param played       every call played to its end, warm-up included: what the records must hold
   * @param abandoned    calls left half-way, on an answer that could not be followed
   * @param cutShort     the SIDs of calls left half-way when a webhook failed (no answer, or a 5xx)
   * @param acknowledged where each callback answered 2xx goes, warm-up included; null to keep none
   * @param begun        calls begun so far, which stop beginning at {@code maxCalls}
   */
  record Shared(SimulatedCall.Setting setting, List<DirectoryEntry> entries, List<Caller> callers,
                List<String> phones, URI target, Tallies warmUp, Tallies measured, Queue<ExpectedCall> played,
                LongAdder abandoned, Queue<String> cutShort, Queue<AcknowledgedCallback> acknowledged,
                AtomicLong begun, long maxCalls) {
  }

  /** A client that calls out, shown as the number of its first entry. */
  record Caller(String client, String callerId) {
  }

  private final Shared shared;
  private final int connections;
  private final LoadGenerator.Schedule schedule;
  private final Promise<Void> drained = Promise.promise();
  private final Tallies[] tallies;
  private WebClient client;
  private TwilioSignature signer;
  private int callersDone;

  CallSimulator(Shared shared, int connections, LoadGenerator.Schedule schedule) {
    this.shared = shared;
    this.connections = connections;
    this.schedule = schedule;
    this.tallies = new Tallies[] {shared.measured(), shared.warmUp()};
  }

  Future<Void> drained() {
    return drained.future();
  }

  @Override
  public Future<?> start() {
    client = LoadGenerator.clientFor(vertx, shared.target(), connections);
    signer = new TwilioSignature(shared.setting().authToken());
    for (int i = 0; i < connections; i++) {
      playCalls();
    }
    return Future.succeededFuture();
  }

  private void playCalls() {
    if (System.nanoTime() < schedule.endNanos() && shared.begun().getAndIncrement() < shared.maxCalls()) {
      play().onComplete(done -> playCalls());
    } else if (++callersDone == connections) {
      drained.complete();
    }
  }

  private Future<Void> play() {
    long startNanos = System.nanoTime();
    Tallies tally = tallies[(int) ((startNanos - schedule.warmUpEndNanos()) >>> 63)];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    SimulatedCall call;
    if (shared.setting().mix().outgoing(random)) {
      Caller caller = shared.callers().get(random.nextInt(shared.callers().size()));
      call = SimulatedCall.outgoing(shared.setting(), caller.client(), caller.callerId(),
          shared.phones().get(random.nextInt(shared.phones().size())), random);
    } else {
      call = SimulatedCall.incoming(shared.setting(), shared.entries().get(random.nextInt(shared.entries().size())),
          TwilioTraffic.OUTSIDE_PHONES.get(random.nextInt(TwilioTraffic.OUTSIDE_PHONES.size())), random);
    }
    Promise<Void> over = Promise.promise();
    sendBatch(call, call.start(), 0, null, tally, over);
    return over.future();
  }

  /** Sends the batch's requests one after the other from {@code index}, then goes on with the TwiML answered. */
  private void sendBatch(SimulatedCall call, List<TwilioRequest> batch, int index, TwimlAnswer twiml, Tallies tally,
                         Promise<Void> over) {
    if (index < batch.size()) {
      TwilioRequest request = batch.get(index);
      send(call, request, tally).onComplete(answer -> {
        if (answer.failed() && answer.cause() == NOT_TAKEN) {
          cutShort(call, over);
        } else if (answer.failed()) {
          abandon(over);
        } else {
          sendBatch(call, batch, index + 1, answer.result() == NO_TWIML ? twiml : answer.result(), tally, over);
        }
      });
      return;
    }
    if (twiml == null) {
      shared.played().add(call.expectation());
      tally.calls().increment();
      over.complete();
      return;
    }
    int wrongBefore = call.wrongAnswers().size();
    List<TwilioRequest> next;
    try {
      next = call.next(twiml);
    } catch (IllegalArgumentException unfollowable) {
      tally.all().wrong(unfollowable.getMessage());
      abandon(over);
      return;
    } catch (RuntimeException bug) {
      // Counted, and the call given up, rather than a call that never ends and a run that waits for it.
      tally.all().wrong("the simulator failed on a TwiML answer (" + bug.getClass().getSimpleName() + ")");
      abandon(over);
      return;
    }
    call.wrongAnswers().subList(wrongBefore, call.wrongAnswers().size()).forEach(tally.all()::wrong);
    sendBatch(call, next, 0, null, tally, over);
  }

  private void abandon(Promise<Void> over) {
    shared.abandoned().increment();
    over.complete();
  }

  /** A call whose webhook failed has no TwiML to go on with: what it did so far is in the records. */
  private void cutShort(SimulatedCall call, Promise<Void> over) {
    shared.cutShort().add(call.callSid());
    over.complete();
  }

  /** Why a webhook's future fails when the server did not take it, rather than answered it wrongly. */
  private static final VertxException NOT_TAKEN = new VertxException("no answer, or a 5xx", true);

  /** What a callback's answer holds: nothing to follow. */
  private static final TwimlAnswer NO_TWIML = new TwimlAnswer(List.of());

  /**
   * Sends one request, signed for its URL. A callback's right answer is any 2xx; a webhook's is 200 with TwiML,
   * which the future carries. Fails when a webhook's answer cannot be followed: the call cannot go on. A request
   * that gets no answer or a 5xx failed, rather than was answered wrongly: the server (or the balancer in front of
   * it) did not take it, and the call's record may lack what it carried.
   */
  private Future<TwimlAnswer> send(SimulatedCall call, TwilioRequest request, Tallies tally) {
    CallWebhook parameters = request.parameters();
    // A URL from our TwiML may end with a retry fragment: never sent, as Twilio sends none, and signed here with the
    // rest (the server takes a signature with or without it).
    String path = RetryOverrides.requested(request.url()).substring(shared.setting().publicBaseUrl().length());
    long sentAt = System.nanoTime();
    return client.request(HttpMethod.POST, path)
        .putHeader("Content-Type", CallWebhook.CONTENT_TYPE)
        .putHeader(TwilioSignature.HEADER, parameters.signature(signer, request.url()))
        .sendBuffer(Buffer.buffer(parameters.formBody()))
        .transform(answer -> {
          long latencyMicros = (System.nanoTime() - sentAt) / 1_000;
          Verdict verdict = answer.succeeded() ? verdict(request, answer.result())
              : Verdict.wrong("no answer to a " + request.kind().label + " (" + answer.cause().getClass().getSimpleName() + ")");
          tally.all().count(latencyMicros, verdict);
          tally.byKind().get(request.kind()).count(latencyMicros, verdict);
          boolean notTaken = answer.failed() || answer.result().statusCode() >= 500;
          if (notTaken) {
            call.requestFailed();
            tally.failed().get(request.kind()).increment();
          } else if (verdict.right() && shared.acknowledged() != null) {
            AcknowledgedCallback.of(request.kind(), parameters.parameters()).ifPresent(shared.acknowledged()::add);
          }
          if (request.isCallback()) {
            return Future.succeededFuture(NO_TWIML);
          }
          if (notTaken) {
            return Future.failedFuture(NOT_TAKEN);
          }
          if (!verdict.right()) {
            return Future.failedFuture(verdict.kind());
          }
          try {
            return Future.succeededFuture(TwimlAnswer.parse(answer.result().bodyAsString()));
          } catch (IllegalArgumentException notTwiml) {
            tally.all().wrong(request.kind().label + ": " + notTwiml.getMessage());
            return Future.failedFuture(notTwiml);
          }
        });
  }

  private static Verdict verdict(TwilioRequest request, HttpResponse<Buffer> answer) {
    int status = answer.statusCode();
    if (request.isCallback()) {
      return status / 100 == 2 ? Verdict.RIGHT : Verdict.wrong("HTTP " + status + " on a " + request.kind().label);
    }
    if (status != 200) {
      return Verdict.wrong("HTTP " + status + " on a " + request.kind().label);
    }
    String type = answer.getHeader("Content-Type");
    return type != null && type.startsWith("application/xml") && answer.body() != null
        ? Verdict.RIGHT : Verdict.wrong(request.kind().label + " answered without TwiML");
  }
}
