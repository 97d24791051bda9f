package io.switchboard.api;

import io.switchboard.config.TwilioSettings;
import io.switchboard.directory.Directory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.function.Supplier;

/**
 * The browser's API under {@value #PREFIX}: each part registers its own routes, each route authenticated with the
 * access token ({@link AccessTokenAuth}). The HTTP verticle mounts it with one call and puts its edge in front
 * (rate limit, CORS, the APIs' headers); it talks to the rest of the server over the event bus only.
 */
public final class BrowserApi {

  public static final String PREFIX = "/api/";
  /** Every route, as its pattern: the HTTP metrics label a request with these, never with its raw path. */
  public static final List<String> ROUTES = List.of(CallsApi.CALLS, CallsApi.CALL, VoicemailsApi.VOICEMAILS);

  private BrowserApi() {
  }

  public static void mount(Router router, Vertx vertx, TwilioSettings twilio, Supplier<Directory> directory) {
    AccessTokenAuth auth = new AccessTokenAuth(vertx, twilio, directory);
    new CallsApi(vertx.eventBus()).mount(router, auth);
    new VoicemailsApi(vertx.eventBus()).mount(router, auth);
    for (String route : ROUTES) {
      router.route(route).handler(ctx -> {
        ctx.response().putHeader(HttpHeaders.ALLOW, "GET");
        ctx.fail(new HttpException(405, "method not allowed: use GET"));
      });
    }
    // Nothing else under the prefix, whatever its method; not even a file of the webroot.
    router.route(PREFIX + "*").handler(ctx -> ctx.fail(new HttpException(404, "no such API")));
  }
}
