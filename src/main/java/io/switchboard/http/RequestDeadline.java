package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cuts off a request that is not received and answered within the deadline: a client that sends its body a byte
 * at a time would otherwise hold its connection, and its buffers, for as long as it likes.
 *
 * <p>One sweep a quarter-second per event loop instead of a timer per request: every request has the same
 * deadline, so the requests in flight, kept in arrival order, are also in deadline order, and a sweep stops at the
 * first that still has time. A timer per request is one set and cancelled on every request.
 */
final class RequestDeadline implements Handler<RoutingContext> {

  private static final long SWEEP_MILLIS = 250;

  private final long deadlineNanos;
  /** Requests in flight on this event loop, oldest first, with their deadlines. */
  private final Map<RoutingContext, Long> inFlight = new LinkedHashMap<>();

  /** To be made on the event loop that will call it; its sweep ends with the verticle that made it. */
  RequestDeadline(Vertx vertx, int deadlineSeconds) {
    this.deadlineNanos = deadlineSeconds * 1_000_000_000L;
    vertx.setPeriodic(SWEEP_MILLIS, id -> cutOffOverdue(System.nanoTime()));
  }

  @Override
  public void handle(RoutingContext ctx) {
    inFlight.put(ctx, System.nanoTime() + deadlineNanos);
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

  private static void cutOff(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      ctx.response()
          .setStatusCode(408)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(HttpHeaders.CONNECTION, "close")
          .end(new JsonObject().put("error", "request took too long").encode());
    }
    ctx.request().connection().close();
  }
}
