package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Cuts off a request that is not received and answered within the deadline: a client that sends its body a byte
 * at a time would otherwise hold its connection, and its buffers, for as long as it likes.
 */
final class RequestDeadline implements Handler<RoutingContext> {

  private final long deadlineMillis;

  RequestDeadline(int deadlineSeconds) {
    this.deadlineMillis = deadlineSeconds * 1000L;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(deadlineMillis, id -> {
      if (!ctx.response().headWritten()) {
        ctx.response()
            .setStatusCode(408)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CONNECTION, "close")
            .end(new JsonObject().put("error", "request took too long").encode());
      }
      ctx.request().connection().close();
    });
    ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
