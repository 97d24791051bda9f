package io.switchboard.http;

import io.switchboard.security.Limiter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Optional;

/**
 * Token requests per client address and minute, counted before any work is done: past the limit, 429. A platform
 * handler, so that the route runs it before the body is read.
 */
final class TokenRateLimit implements PlatformHandler {

  private final Limiter tokenRequests;
  private final Optional<String> proxyHeader;

  TokenRateLimit(Limiter tokenRequests, Optional<String> proxyHeader) {
    this.tokenRequests = tokenRequests;
    this.proxyHeader = proxyHeader;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long wait = tokenRequests.hit(ClientAddress.of(ctx, proxyHeader));
    if (wait == 0) {
      ctx.next();
    } else {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
      ctx.fail(new HttpException(429, "too many token requests; retry in " + wait + " s"));
    }
  }
}
