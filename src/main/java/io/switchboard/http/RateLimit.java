package io.switchboard.http;

import io.switchboard.security.AsyncLimiter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Requests per client address and minute, counted before any work is done: past the limit, 429. A platform
 * handler, so that the route runs it before the body is read or the caller authenticated. A count kept in the
 * cluster answers later: the request is paused meanwhile, so that no byte of its body is lost; a count that cannot
 * be had is a 503, never a pass.
 */
final class RateLimit implements PlatformHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimit.class);

  private final AsyncLimiter perAddress;
  private final Optional<String> proxyHeader;
  private final String requests;

  /** @param requests what is counted, for the refusal: "token requests" */
  RateLimit(AsyncLimiter perAddress, Optional<String> proxyHeader, String requests) {
    this.perAddress = perAddress;
    this.proxyHeader = proxyHeader;
    this.requests = requests;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<Long> wait = perAddress.hit(ClientAddress.of(ctx, proxyHeader));
    if (wait.isComplete()) {
      decide(ctx, wait);
      return;
    }
    HttpServerRequest request = ctx.request();
    boolean ended = request.isEnded();
    if (!ended) {
      request.pause();
    }
    wait.onComplete(counted -> {
      if (!ended) {
        request.resume();
      }
      decide(ctx, counted);
    });
  }

  private void decide(RoutingContext ctx, AsyncResult<Long> wait) {
    if (wait.failed()) {
      LOG.warn("Counting {} failed: {}", requests, wait.cause().toString());
      ctx.fail(new HttpException(503, requests + " cannot be counted now; try again", wait.cause()));
    } else if (wait.result() == 0) {
      ctx.next();
    } else {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.result()));
      ctx.fail(new HttpException(429, "too many " + requests + "; retry in " + wait.result() + " s"));
    }
  }
}
