package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for the configured origins only. Requests without {@code Origin} (Twilio, curl) and
 * requests from the server's own page pass untouched; any other origin is refused with 403, also when the list
 * is empty (where Vert.x's own handler would allow every origin).
 */
final class CorsPolicy implements Handler<RoutingContext> {

  private final Set<String> allowedOrigins;
  private final CorsHandler cors;

  CorsPolicy(List<String> allowedOrigins) {
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.cors = CorsHandler.create()
        .addOrigins(allowedOrigins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE))
        // Last-Event-ID: an events stream resumed by a page that reads it with fetch rather than EventSource.
        .allowedHeaders(Set.of(HttpHeaders.CONTENT_TYPE.toString(), HttpHeaders.AUTHORIZATION.toString(),
            "Last-Event-ID"))
        .maxAgeSeconds(600);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || isSameOrigin(ctx, origin)) {
      ctx.next();
    } else if (allowedOrigins.contains(origin)) {
      cors.handle(ctx);
    } else {
      ctx.fail(new HttpException(403, "origin not allowed"));
    }
  }

  /** Browsers send {@code Origin} on same-origin POSTs too; the page served by this server is always allowed. */
  private static boolean isSameOrigin(RoutingContext ctx, String origin) {
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    return host != null && origin.equalsIgnoreCase(ctx.request().scheme() + "://" + host);
  }
}
