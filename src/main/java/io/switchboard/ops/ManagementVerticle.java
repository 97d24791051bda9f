package io.switchboard.ops;

import io.switchboard.admin.AdminApi;
import io.switchboard.config.ManagementSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Health, metrics and the admin API on their own host and port, kept off the address Twilio and browsers reach.
 */
public final class ManagementVerticle extends VerticleBase {

  private final ManagementSettings settings;
  private final Health health;
  private final SwitchboardMetrics metrics;
  private final AdminApi admin;

  public ManagementVerticle(ManagementSettings settings, Health health, SwitchboardMetrics metrics, AdminApi admin) {
    this.settings = settings;
    this.health = health;
    this.metrics = metrics;
    this.admin = admin;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Timed like the public port's requests, in the same series: the admin API lives here when this port exists.
    router.route().handler(new RequestMetrics(metrics, OpsRoutes.ROUTES, AdminApi.ROUTES));
    // Its address is the access control: loopback by default, or a network the operator chose.
    OpsRoutes.mount(router, health, metrics, RoutingContext::next);
    // Clients reach this port directly: their own address is the one their failed attempts count against.
    admin.mount(router, vertx, Optional.empty());
    // HTTP/2 only over TLS, as on the public port: this one has no TLS, so HTTP/1.1 only.
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
            .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen();
  }
}
