package io.switchboard.http;

import io.switchboard.security.Limiter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Optional;

/**
 * Requests per client address and minute, counted before any work is done: past the limit, 429. A platform
 * handler, so that the route runs it before the body is read or the caller authenticated.
 */
final class RateLimit implements PlatformHandler {

  private final Limiter perAddress;
  private final Optional<String> proxyHeader;
  private final String requests;

  /** @param requests what is counted, for the refusal: "token requests" */
  RateLimit(Limiter perAddress, Optional<String> proxyHeader, String requests) {
    this.perAddress = perAddress;
    this.proxyHeader = proxyHeader;
    this.requests = requests;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long wait = perAddress.hit(ClientAddress.of(ctx, proxyHeader));
    if (wait == 0) {
      ctx.next();
    } else {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
      ctx.fail(new HttpException(429, "too many " + requests + "; retry in " + wait + " s"));
    }
  }
}
