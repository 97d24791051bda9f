package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The page's files keep their URLs from one release to the next, so a browser must ask again each time rather
 * than keep them: vertx-web's static handler marks every file {@code immutable} for a day, which after an upgrade
 * would mix old and new modules of the page. With {@code no-cache} the browser revalidates with the
 * {@code Last-Modified} the static handler still sends, and an unchanged file costs a 304.
 */
final class Revalidated implements Handler<RoutingContext> {

  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, NO_CACHE));
    ctx.next();
  }
}
