package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Cuts off a request that is not received and answered within the deadline: a client that sends its body a byte
 * at a time would otherwise hold its connection, and its buffers, for as long as it likes. Once the request is
 * received whole and its answer's head written, it is no longer timed: a streamed answer (a voicemail's audio,
 * played at the listener's pace) may rightly last longer, and the connection's idle timeout still closes one that
 * stalls.
 *
 * <p>One sweep a quarter-second per event loop instead of a timer per request: every request has the same
 * deadline, so the requests in flight, kept in arrival order, are also in deadline order, and a sweep stops at the
 * first that still has time. A timer per request is one set and cancelled on every request.
 */
final class RequestDeadline implements Handler<RoutingContext> {

  private static final long SWEEP_MILLIS = 250;
  /** HTTP/2's error codes for a stream no longer wanted. */
  private static final long NO_ERROR = 0x0;
  private static final long CANCEL = 0x8;

  private final long deadlineNanos;
  /** Requests in flight on this event loop, oldest first, with their deadlines. */
  private final Map<RoutingContext, Long> inFlight = new LinkedHashMap<>();

  /** Paths whose GET is a stream, answered for as long as the client keeps it: no deadline. */
  private final Set<String> streams;

  /** To be made on the event loop that will call it; its sweep ends with the verticle that made it. */
  RequestDeadline(Vertx vertx, int deadlineSeconds) {
    this(vertx, deadlineSeconds, Set.of());
  }

  /** @param streams paths whose GET streams its answer; a GET has no body to send slowly */
  RequestDeadline(Vertx vertx, int deadlineSeconds, Set<String> streams) {
    this.deadlineNanos = deadlineSeconds * 1_000_000_000L;
    this.streams = Set.copyOf(streams);
    vertx.setPeriodic(SWEEP_MILLIS, id -> cutOffOverdue(System.nanoTime()));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.GET && streams.contains(ctx.request().path())) {
      ctx.next();
      return;
    }
    inFlight.put(ctx, System.nanoTime() + deadlineNanos);
    ctx.addHeadersEndHandler(answered -> {
      if (ctx.request().isEnded()) {
        inFlight.remove(ctx);
      }
    });
    ctx.addEndHandler(ended -> inFlight.remove(ctx));
    ctx.next();
  }

  private void cutOffOverdue(long now) {
    for (Iterator<Map.Entry<RoutingContext, Long>> oldest = inFlight.entrySet().iterator(); oldest.hasNext(); ) {
      Map.Entry<RoutingContext, Long> request = oldest.next();
      if (request.getValue() - now > 0) {
        return;
      }
      oldest.remove();
      cutOff(request.getKey());
    }
  }

  /**
   * HTTP/1.1 answers 408 and closes the connection, whose request may be half-read. HTTP/2 cuts off the stream
   * alone: a 408 without connection-specific headers, which HTTP/2 forbids, then a reset so the client sends no
   * more of its body; the connection and its other streams go on.
   */
  private static void cutOff(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
    if (!response.headWritten()) {
      response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (!http2) {
        response.putHeader(HttpHeaders.CONNECTION, "close");
      }
      response.end(new JsonObject().put("error", ErrorResponses.reason(408)).encode());
    }
    if (http2) {
      // After a complete answer, NO_ERROR asks the client to stop sending without discarding the answer
      // (RFC 9113, 8.1); an answer cut short is cancelled.
      response.reset(response.ended() ? NO_ERROR : CANCEL);
    } else {
      ctx.request().connection().close();
    }
  }
}
