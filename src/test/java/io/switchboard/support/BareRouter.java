package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.HttpException;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One handler alone on a router of its own, as vertx-web tests its handlers: whatever passes it is answered 200
 * "passed", a failure is answered with its status and payload, so a test sees exactly what the handler did.
 */
public final class BareRouter implements AutoCloseable {

  public static final String PASSED = "passed";

  private final Vertx vertx;
  private final HttpServer server;
  private final WebClient client;

  private BareRouter(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort())
        .setKeepAlive(false));
  }

  /**
   * Builds the router with {@code routes} inside a verticle, so that handlers made there belong to the event loop
   * that calls them, then adds the "passed" answer and the failure handler behind them.
   */
  public static BareRouter serve(BiConsumer<Vertx, Router> routes) {
    Vertx vertx = Vertx.vertx();
    AtomicReference<HttpServer> server = new AtomicReference<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        routes.accept(vertx, router);
        router.route().handler(ctx -> ctx.response().end(PASSED));
        router.route().failureHandler(BareRouter::answerFailure);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onSuccess(server::set);
      }
    }).await();
    return new BareRouter(vertx, server.get());
  }

  public static BareRouter serve(Consumer<Router> routes) {
    return serve((vertx, router) -> routes.accept(router));
  }

  public WebClient client() {
    return client;
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  private static void answerFailure(RoutingContext ctx) {
    int status = ctx.failure() instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    String message = ctx.failure() instanceof HttpException http ? http.getPayload() : null;
    ctx.response().setStatusCode(status).end(new JsonObject().put("error", message).encode());
  }
}
