package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 400 to a path with a broken percent-escape ({@code /%zz}). Left to the router, the first handler or route
 * that reads the normalised path throws, and so does every failure handler's route with a path: vertx-web then logs
 * the stack trace at ERROR and answers a plain-text 400, a log entry a client could send by the thousand. So it
 * runs before any handler that reads the path.
 */
final class UndecodablePath implements Handler<RoutingContext> {

  private static final String BROKEN = new JsonObject().put("error", "the path has a broken percent-escape").encode();

  @Override
  public void handle(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
    } catch (IllegalArgumentException brokenEscape) {
      // Answered here: failing the context would route it again, through the same matching.
      ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(BROKEN);
      return;
    }
    ctx.next();
  }
}
