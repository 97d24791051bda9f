package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code switchboard.access} logger: client address, method, path, status and
 * duration. Never the query, headers or body, where tokens, secrets and callers' numbers travel.
 */
final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("switchboard.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      if (LOG.isInfoEnabled()) {
        SocketAddress client = ctx.request().connection().remoteAddress();
        // Written whole rather than as a pattern with arguments: no array, no boxing, and no parsing of "{}" in a
        // path.
        LOG.info(new StringBuilder(96).append(client == null ? "-" : client.hostAddress())
            .append(' ').append(ctx.request().method().name())
            .append(' ').append(ctx.request().path())
            .append(' ').append(ctx.response().getStatusCode())
            .append(' ').append((System.nanoTime() - start) / 1_000_000).append("ms").toString());
      }
    });
    ctx.next();
  }
}
