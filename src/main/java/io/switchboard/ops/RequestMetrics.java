package io.switchboard.ops;

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
 * with its pattern. The server that mounts it names the routes it serves, from the lists each part of the server keeps
 * of its own; {@link SwitchboardMetrics} bounds the method the same way.
 */
public final class RequestMetrics implements Handler<RoutingContext> {

  /** The routes without a parameter, matched first: {@code /admin/api/directory/audit} is no phone number. */
  private final Set<String> exactRoutes;
  /** The routes with a parameter, each split into its segments; a segment {@code :name} stands for any one segment. */
  private final List<String[]> patterns;
  private final SwitchboardMetrics metrics;

  /** @param routeLists every route the router serves, as mounted ({@code /api/calls/:callSid}), a list per part */
  @SafeVarargs
  public RequestMetrics(SwitchboardMetrics metrics, Collection<String>... routeLists) {
    this.metrics = metrics;
    List<String> routes = Stream.of(routeLists).flatMap(Collection::stream).toList();
    this.exactRoutes = routes.stream().filter(route -> !route.contains("/:")).collect(Collectors.toUnmodifiableSet());
    this.patterns = routes.stream().filter(route -> route.contains("/:")).map(route -> route.split("/")).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ended -> metrics.httpRequest(route(ctx.request().path()), ctx.request().method(),
        ctx.response().getStatusCode(), System.nanoTime() - start));
    ctx.next();
  }

  private String route(String path) {
    if (path == null) {
      return SwitchboardMetrics.OTHER;
    }
    if (exactRoutes.contains(path)) {
      return path;
    }
    String[] segments = path.split("/", -1);
    for (String[] pattern : patterns) {
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
