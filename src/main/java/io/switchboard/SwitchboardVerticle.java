package io.switchboard;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.http.HttpVerticle;
import io.switchboard.token.TokenVerticle;
import io.switchboard.twiml.TwimlVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The whole server: the token and TwiML verticles first, so that their consumers are registered before the HTTP
 * verticle accepts the first request. Every verticle runs one instance per core.
 */
public final class SwitchboardVerticle extends VerticleBase {

  private final SwitchboardConfig config;

  public SwitchboardVerticle(SwitchboardConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    DeploymentOptions perCore = new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new TokenVerticle(config), perCore)
        .compose(id -> vertx.deployVerticle(() -> new TwimlVerticle(config), perCore))
        .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(config), perCore));
  }
}
