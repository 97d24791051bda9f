package io.switchboard.http;

import io.switchboard.api.BrowserApi;
import io.switchboard.ops.OpsRoutes;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times every request to its answer for {@code switchboard_http_requests_seconds}, labelled with its path when that
 * is one of the server's own routes and {@code other} when not (static files, unknown paths): a label per raw path
 * would let any caller grow the registry without bound. A route with a parameter ({@code /api/calls/:callSid}) is
 * labelled with its pattern. {@link SwitchboardMetrics} bounds the method the same way.
 */
final class RequestMetrics implements Handler<RoutingContext> {

  private static final Set<String> ROUTES = Stream.concat(ApiPaths.ALL.stream(),
          Stream.of(OpsRoutes.HEALTH, OpsRoutes.HEALTH_READY, OpsRoutes.HEALTH_LIVE, OpsRoutes.METRICS))
      .collect(Collectors.toUnmodifiableSet());

  /** The browser API's routes, each split into its segments; a segment {@code :name} stands for any one segment. */
  private static final List<String[]> PATTERNS = BrowserApi.ROUTES.stream().map(route -> route.split("/")).toList();

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
    if (path == null) {
      return SwitchboardMetrics.OTHER;
    }
    if (ROUTES.contains(path)) {
      return path;
    }
    if (path.startsWith(BrowserApi.PREFIX)) {
      String[] segments = path.split("/", -1);
      for (String[] pattern : PATTERNS) {
        if (matches(pattern, segments)) {
          return String.join("/", pattern);
        }
      }
    }
    return SwitchboardMetrics.OTHER;
  }

  private static boolean matches(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      boolean parameter = pattern[i].startsWith(":") && !segments[i].isEmpty();
      if (!parameter && !pattern[i].equals(segments[i])) {
        return false;
      }
    }
    return true;
  }
}
