package io.switchboard.http;

import io.switchboard.admin.AdminApi;
import io.switchboard.api.BrowserApi;
import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.bus.EventLoopAffinity.LoopAddress;
import io.switchboard.bus.Refusal;
import io.switchboard.config.EventsSettings;
import io.switchboard.config.HttpSettings;
import io.switchboard.config.MetricsAccess;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.config.TwilioSettings;
import io.switchboard.directory.Directory;
import io.switchboard.events.EventsApi;
import io.switchboard.events.StreamQuota;
import io.switchboard.ops.Health;
import io.switchboard.ops.OpsRoutes;
import io.switchboard.ops.RequestMetrics;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.AsyncLimiter;
import io.switchboard.security.Limiter;
import io.switchboard.storage.CallCallback;
import io.switchboard.storage.RecordingCallback;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.token.TokenAddresses;
import io.switchboard.token.TokenRequest;
import io.switchboard.twiml.CallParameters;
import io.switchboard.twiml.TwimlAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP face of the server: the walkthrough's three API routes, Twilio's callbacks, the browser's API, CORS,
 * webhook signature checks and the page. It turns requests into event-bus messages and replies into responses, and
 * knows nothing of tokens, TwiML or storage.
 */
public final class HttpVerticle extends VerticleBase {

  private static final String JSON = "application/json";
  /** Made once with its bytes ready: it is set on every webhook's answer. */
  private static final CharSequence XML = HttpHeaders.createOptimized("application/xml");
  /** Local only: answered by this node's consumers, with no look-up of the cluster's (a cluster never hops). */
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000)
      .setLocalOnly(true);

  private final HttpSettings http;
  private final TwilioSettings twilio;
  private final boolean servesOps;
  private final Health health;
  private final SwitchboardMetrics metrics;
  private final AsyncLimiter tokenRequests;
  private final AsyncLimiter apiRequests;
  private final Supplier<Directory> directory;
  private final AdminApi admin;
  private final EventsSettings eventsSettings;
  private final StreamQuota streams;
  private EventsApi events;
  private EventBus bus;
  private LoopAddress tokenIssue;
  private HttpServer server;

  /**
   * Health and metrics are served here too unless the configuration gives them a management port.
   *
   * @param tokenRequests token requests per client address, shared by all instances (and nodes, in a cluster)
   * @param apiRequests   requests to the browser's API per client address, shared by all instances of this node
   * @param directory     the directory in force: the browser's API serves its clients only
   * @param admin         served here when there is no management port
   * @param streams       the events streams open on this server, shared by all instances
   */
  public HttpVerticle(SwitchboardConfig config, Health health, SwitchboardMetrics metrics,
                      AsyncLimiter tokenRequests, Limiter apiRequests, Supplier<Directory> directory, AdminApi admin,
                      StreamQuota streams) {
    this.http = config.http();
    this.twilio = config.twilio();
    this.servesOps = config.management().isEmpty();
    this.health = health;
    this.metrics = metrics;
    this.tokenRequests = tokenRequests;
    this.apiRequests = AsyncLimiter.inProcess(apiRequests);
    this.directory = directory;
    this.admin = admin;
    this.eventsSettings = config.events();
    this.streams = streams;
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    tokenIssue = EventLoopAffinity.onThisEventLoop(TokenAddresses.ISSUE);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.host())
        .setPort(http.port())
        .setMaxHeaderSize(http.limits().maxHeaderBytes())
        // Any one form field may be as large as the whole body limit allows: the limit is the body's.
        .setMaxFormAttributeSize(http.maxBodyBytes())
        .setIdleTimeout(http.limits().idleTimeoutSeconds())
        // No HTTP/2 in clear text, by prior knowledge or by Upgrade: h2c. Behind a proxy that forwards the upgrade,
        // the rest of the connection would be HTTP/2 the proxy does not read, out of reach of its path rules.
        .setHttp2ClearTextEnabled(false);
    http.tls().ifPresent(tls -> options
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()))
        // ALPN lets browsers and clients that offer HTTP/2 use it: the only way to HTTP/2 here.
        .setUseAlpn(true));
    server = vertx.createHttpServer(options).requestHandler(router());
    return server.listen();
  }

  /**
   * Ends the events streams, which would otherwise hold the stop for the whole grace, then stops accepting
   * connections and lets the requests in flight finish, up to the configured grace.
   */
  @Override
  public Future<?> stop() {
    events.close();
    return server.shutdown(http.shutdownGraceSeconds(), TimeUnit.SECONDS);
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(new RequestMetrics(metrics, ApiPaths.ALL, OpsRoutes.ROUTES, BrowserApi.ROUTES,
        AdminApi.ROUTES));
    if (http.accessLog()) {
      router.route().handler(new AccessLog());
    }
    // An events stream is answered for as long as the page is open: the deadline is for requests still arriving.
    router.route().handler(new RequestDeadline(vertx, http.limits().requestTimeoutSeconds(),
        Set.of(EventsApi.EVENTS)));
    router.route().handler(new UndecodablePath());
    router.route().handler(new SingleHost());
    router.route().handler(new SecurityHeaders());
    router.route().handler(new CorsPolicy(http.allowedOrigins()));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(http.maxBodyBytes());
    router.post(ApiPaths.CAPABILITY_TOKEN)
        .handler(new RateLimit(tokenRequests, http.clientAddressHeader(), "token requests"))
        .handler((PlatformHandler) JsonBody::onlyJson)
        .handler(body)
        .handler(this::issueToken);
    webhook(router.post(ApiPaths.CALL_INCOMING), EventLoopAffinity.onThisEventLoop(TwimlAddresses.CALL_INCOMING));
    webhook(router.post(ApiPaths.CALL_OUTGOING), EventLoopAffinity.onThisEventLoop(TwimlAddresses.CALL_OUTGOING));
    webhook(router.post(ApiPaths.DIAL_ACTION), EventLoopAffinity.onThisEventLoop(TwimlAddresses.DIAL_ACTION));
    webhook(router.post(ApiPaths.RECORD_ACTION), EventLoopAffinity.onThisEventLoop(TwimlAddresses.RECORD_ACTION));
    statusCallback(router.post(ApiPaths.LEG_STATUS), StorageAddresses.RECORD_CALLBACK,
        ctx -> CallCallback.from(CallCallback.Kind.LEG_STATUS, callParameters(ctx), WebhookForm.query(ctx)));
    statusCallback(router.post(ApiPaths.CALL_STATUS), StorageAddresses.RECORD_CALLBACK,
        ctx -> CallCallback.from(CallCallback.Kind.CALL_STATUS, callParameters(ctx), WebhookForm.query(ctx)));
    statusCallback(router.post(ApiPaths.RECORDING_STATUS), StorageAddresses.RECORD_RECORDING,
        ctx -> RecordingCallback.from(callParameters(ctx), directory.get()));
    for (String path : ApiPaths.ALL) {
      router.route(path).handler(HttpVerticle::onlyPost);
    }
    router.route(BrowserApi.PREFIX + "*")
        .handler(new RateLimit(apiRequests, http.clientAddressHeader(), "API requests"));
    events = new EventsApi(vertx, eventsSettings, streams, directory);
    BrowserApi.mount(router, vertx, twilio, directory, events);
    if (servesOps) {
      OpsRoutes.mount(router, health, metrics, http.metricsAccess() == MetricsAccess.PUBLIC ? RoutingContext::next
          : new LoopbackOnly(http.clientAddressHeader(), "metrics are served to this machine only (http.metricsAccess)"));
      admin.mount(router, vertx, http.clientAddressHeader());
    }

    // No file or folder whose name starts with a dot, from the webroot folder or from the jar.
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(new HiddenFiles()).handler(new Revalidated());
    // The browser libraries come from the build (npm ci into the jar), whatever the webroot folder holds.
    router.route(Webroot.VENDOR_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create(Webroot.VENDOR_IN_JAR));
    staticFiles(router.route().method(HttpMethod.GET).method(HttpMethod.HEAD));
    // Whatever no route took is unknown, whatever its method: 404, not the 405 the router would infer.
    router.route().handler(ctx -> ctx.fail(404));
    router.route(ApiPaths.CAPABILITY_TOKEN).failureHandler(ErrorResponses::tokenFailure);
    router.route().failureHandler(ErrorResponses::failure);
    return router;
  }

  /** A webhook answered with TwiML by the TwiML verticle. */
  private void webhook(Route route, LoopAddress address) {
    fromTwilio(route).handler(ctx -> EventLoopAffinity
        .<String>request(bus, address, callParameters(ctx), DELIVERY)
        .onSuccess(reply -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, XML).end(reply.body()))
        .onFailure(ctx::fail));
  }

  /**
   * A status or recording callback, made into the storage message {@code callback} gives and sent to
   * {@code address}, stored before it is acknowledged: Twilio takes any 2xx as delivered, so the answer waits for
   * the store's commit, and a store that cannot take it now answers 503, which Twilio's console shows as failed.
   * 204, no body: Twilio reads no TwiML from a status callback, and an empty answer gives it none to misread.
   */
  private void statusCallback(Route route, String address, Function<RoutingContext, Object> callback) {
    fromTwilio(route).handler(ctx -> bus.request(address, callback.apply(ctx), DELIVERY)
        .onSuccess(stored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail));
  }

  /** What every request from Twilio goes through: its form read, and its signature checked unless turned off. */
  private Route fromTwilio(Route route) {
    route.handler(new WebhookForm(http.maxBodyBytes()));
    if (twilio.validateSignatures()) {
      route.handler(new TwilioSignatureCheck(twilio.authToken(), twilio.publicBaseUrl(), metrics));
    }
    return route;
  }

  private static CallParameters callParameters(RoutingContext ctx) {
    return new CallParameters(WebhookForm.parameters(ctx), WebhookForm.query(ctx));
  }

  private void issueToken(RoutingContext ctx) {
    TokenRequest request;
    try {
      request = TokenRequest.fromApi(JsonBody.of(ctx), ctx.request().getHeader(HttpHeaders.AUTHORIZATION),
          ClientAddress.of(ctx, http.clientAddressHeader()));
    } catch (HttpException unreadable) {
      ctx.fail(unreadable);
      return;
    } catch (Refusal badRequest) {
      metrics.token("bad_request");
      ctx.fail(badRequest);
      return;
    }
    EventLoopAffinity.<JsonObject>request(bus, tokenIssue, request, DELIVERY)
        .onSuccess(reply -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(reply.body().encode()))
        .onFailure(ctx::fail);
  }

  private static void onlyPost(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
    ctx.fail(new HttpException(405, "method not allowed: use POST"));
  }

  private void staticFiles(Route route) {
    Webroot.folder(http).ifPresentOrElse(
        folder -> route.handler(new WebrootConfinement(folder))
            .handler(StaticHandler.create(FileSystemAccess.ROOT, folder.toString())),
        () -> route.handler(StaticHandler.create(Webroot.IN_JAR)));
  }
}
