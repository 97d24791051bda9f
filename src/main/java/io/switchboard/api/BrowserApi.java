package io.switchboard.api;

import io.switchboard.config.TwilioSettings;
import io.switchboard.directory.Directory;
import io.switchboard.events.EventsApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The browser's API under {@value #PREFIX}: each part registers its own routes, each route authenticated with the
 * access token ({@link AccessTokenAuth}). The HTTP verticle mounts it with one call and puts its edge in front
 * (rate limit, CORS, the APIs' headers); it talks to the rest of the server over the event bus only.
 */
public final class BrowserApi {

  public static final String PREFIX = "/api/";
  /** Every route, as its pattern: the HTTP metrics label a request with these, never with its raw path. */
  public static final List<String> ROUTES = Stream.concat(Stream.of(CallsApi.CALLS, CallsApi.CALL,
      VoicemailsApi.VOICEMAILS, VoicemailsApi.VOICEMAIL, VoicemailsApi.HEARD, VoicemailsApi.AUDIO,
      VoicemailsApi.AUDIO_TICKET, NumbersApi.NUMBERS), EventsApi.ROUTES.stream()).toList();

  private BrowserApi() {
  }

  /** @param events the live events and presence, mounted here; their owner closes their streams when it stops */
  public static void mount(Router router, Vertx vertx, TwilioSettings twilio, Supplier<Directory> directory,
                           EventsApi events) {
    AccessTokenAuth auth = new AccessTokenAuth(vertx, twilio, directory);
    new CallsApi(vertx.eventBus()).mount(router, auth);
    new VoicemailsApi(vertx.eventBus(), new AudioTickets(twilio.apiKeySecret())).mount(router, auth);
    new NumbersApi(directory).mount(router, auth);
    events.mount(router, auth, AccessTokenAuth::client);
    for (String route : ROUTES) {
      // What the routes above took for this path, so that no list of methods is kept by hand.
      String allowed = router.getRoutes().stream().filter(mounted -> route.equals(mounted.getPath()))
          .flatMap(mounted -> mounted.methods().stream()).map(HttpMethod::name).sorted()
          .collect(Collectors.joining(", "));
      router.route(route).handler(ctx -> {
        ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
        ctx.fail(new HttpException(405, "method not allowed: use " + allowed));
      });
    }
    // Nothing else under the prefix, whatever its method; not even a file of the webroot.
    router.route(PREFIX + "*").handler(ctx -> ctx.fail(new HttpException(404, "no such API")));
  }
}
