package io.switchboard;

import io.switchboard.cluster.HazelcastSettings;
import io.switchboard.config.ClusterSettings;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Set;

/**
 * The server's Vert.x instance, and how its verticles spread over it: one event loop per core rather than Vert.x's
 * default two, and one instance of each verticle on each loop ({@link #onEachEventLoop()}). With more loops than
 * cores a webhook's event-bus hop mostly lands on a sleeping loop that must be woken, a thread's wake-up per
 * webhook; with one of each verticle per loop, the hop stays on its loop
 * ({@link io.switchboard.bus.EventLoopAffinity}).
 *
 * <p>Vert.x's own meters report to the server's registry, except its HTTP server and event-bus meters: they build
 * and look up their meters' ids on every request and message, a cost on every webhook (measured in
 * docs/benchmarks.md), and {@link SwitchboardMetrics} times the requests itself with meters looked up once per
 * label set.
 */
public final class ServerVertx {

  private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private ServerVertx() {
  }

  public static Vertx create(SwitchboardMetrics metrics) {
    return builder(metrics, new VertxOptions()).build();
  }

  /**
   * One process as {@link #create}, or, with the cluster enabled, a clustered Vert.x on Hazelcast configured by
   * {@link HazelcastSettings}: the event bus's own connections between nodes bind the same address as
   * Hazelcast's.
   */
  public static Future<Vertx> start(SwitchboardMetrics metrics, ClusterSettings cluster) {
    if (!cluster.enabled()) {
      return Future.succeededFuture(create(metrics));
    }
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort())
        .setClusterPublicHost(cluster.host());
    return builder(metrics, options)
        .withClusterManager(new HazelcastClusterManager(HazelcastSettings.of(cluster)))
        .buildClustered();
  }

  private static VertxBuilder builder(SwitchboardMetrics metrics, VertxOptions options) {
    MicrometerMetricsOptions vertxMeters = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setDisabledMetricsCategories(
            Set.of(MetricsDomain.HTTP_SERVER.toCategory(), MetricsDomain.EVENT_BUS.toCategory()));
    return Vertx.builder()
        .with(options.setEventLoopPoolSize(EVENT_LOOPS).setMetricsOptions(vertxMeters))
        .withMetrics(new MicrometerMetricsFactory(metrics.registry()));
  }

  /** One instance of a verticle on each event loop: Vert.x places a deployment's instances on its loops in turn. */
  public static DeploymentOptions onEachEventLoop() {
    return new DeploymentOptions().setInstances(EVENT_LOOPS);
  }
}
