package io.switchboard.http;

import io.switchboard.admin.AdminApi;
import io.switchboard.api.BrowserApi;
import io.switchboard.ops.OpsRoutes;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times every request to its answer for {@code switchboard_http_requests_seconds}, labelled with its route when it
 * is one of the server's own and {@code other} when not (static files, unknown paths): a label per raw path would
 * let any caller grow the registry without bound. A route with a parameter ({@code /api/calls/:callSid}) is labelled
 * with its pattern. Each part of the server names its own routes; {@link SwitchboardMetrics} bounds the method the
 * same way.
 */
public final class RequestMetrics implements Handler<RoutingContext> {

  private static final List<String> ALL_ROUTES = Stream.<Collection<String>>of(ApiPaths.ALL,
          List.of(OpsRoutes.HEALTH, OpsRoutes.HEALTH_READY, OpsRoutes.HEALTH_LIVE, OpsRoutes.METRICS),
          BrowserApi.ROUTES, AdminApi.ROUTES)
      .flatMap(Collection::stream).toList();

  /** The routes without a parameter, matched first: {@code /admin/api/directory/audit} is no phone number. */
  private static final Set<String> ROUTES = ALL_ROUTES.stream().filter(route -> !route.contains("/:"))
      .collect(Collectors.toUnmodifiableSet());

  /** The routes with a parameter, each split into its segments; a segment {@code :name} stands for any one segment. */
  private static final List<String[]> PATTERNS = ALL_ROUTES.stream().filter(route -> route.contains("/:"))
      .map(route -> route.split("/")).toList();

  private final SwitchboardMetrics metrics;

  public RequestMetrics(SwitchboardMetrics metrics) {
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
    String[] segments = path.split("/", -1);
    for (String[] pattern : PATTERNS) {
      if (matches(pattern, segments)) {
        return String.join("/", pattern);
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
