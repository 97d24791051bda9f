package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Refuses a request that names its host twice (RFC 9110 §7.2: a server must answer 400). A proxy in front may route
 * by one Host and this server read the other, which is how requests are smuggled past a proxy's rules.
 */
final class SingleHost implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().headers().getAll(HttpHeaders.HOST).size() > 1) {
      ctx.fail(new HttpException(400, "the request names more than one Host"));
    } else {
      ctx.next();
    }
  }
}
