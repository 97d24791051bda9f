package io.switchboard.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.List;

/** {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /metrics}, on whichever router serves them. */
public final class OpsRoutes {

  public static final String HEALTH = "/health";
  public static final String HEALTH_READY = HEALTH + "/ready";
  public static final String HEALTH_LIVE = HEALTH + "/live";
  public static final String METRICS = "/metrics";
  /** Every route {@link #mount} serves, for the metrics' labels. */
  public static final List<String> ROUTES = List.of(HEALTH, HEALTH_READY, HEALTH_LIVE, METRICS);

  private OpsRoutes() {
  }

  /**
   * Health is for anyone (load balancers); metrics for those {@code metricsAccess} lets through.
   *
   * @param metricsAccess runs before the metrics are written: calls {@code next()}, or fails the request
   */
  public static void mount(Router router, Health health, SwitchboardMetrics metrics,
                           Handler<RoutingContext> metricsAccess) {
    router.get(HEALTH).handler(ctx -> readiness(ctx, health));
    router.get(HEALTH_READY).handler(ctx -> readiness(ctx, health));
    router.get(HEALTH_LIVE).handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get(METRICS).handler(metricsAccess).handler(PrometheusScrapingHandler.create(metrics.registry()));
  }

  private static void readiness(RoutingContext ctx, Health health) {
    json(ctx, health.isReady() ? 200 : 503, health.report());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }
}
