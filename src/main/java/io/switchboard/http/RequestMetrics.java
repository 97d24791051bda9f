package io.switchboard.http;

import io.switchboard.ops.OpsRoutes;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times every request to its answer for {@code switchboard_http_requests_seconds}, labelled with its path when that
 * is one of the server's own routes and {@code other} when not (static files, unknown paths): a label per raw path
 * would let any caller grow the registry without bound. {@link SwitchboardMetrics} bounds the method the same way.
 */
final class RequestMetrics implements Handler<RoutingContext> {

  private static final Set<String> ROUTES = Stream.concat(ApiPaths.ALL.stream(),
          Stream.of(OpsRoutes.HEALTH, OpsRoutes.HEALTH_READY, OpsRoutes.HEALTH_LIVE, OpsRoutes.METRICS))
      .collect(Collectors.toUnmodifiableSet());

  private final SwitchboardMetrics metrics;

  RequestMetrics(SwitchboardMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ended -> metrics.httpRequest(route(ctx.request().path()), ctx.request().method(),
        ctx.response().getStatusCode(), System.nanoTime() - start));
    ctx.next();
  }

  private static String route(String path) {
    return path != null && ROUTES.contains(path) ? path : SwitchboardMetrics.OTHER;
  }
}
