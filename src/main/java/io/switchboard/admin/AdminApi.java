package io.switchboard.admin;

import io.switchboard.admin.DirectoryCommand.AddEntry;
import io.switchboard.admin.DirectoryCommand.ChangeEntry;
import io.switchboard.admin.DirectoryCommand.GetEntry;
import io.switchboard.admin.DirectoryCommand.ListChanges;
import io.switchboard.admin.DirectoryCommand.ListEntries;
import io.switchboard.admin.DirectoryCommand.RemoveEntry;
import io.switchboard.config.AdminSettings;
import io.switchboard.http.ErrorResponses;
import io.switchboard.http.JsonBody;
import io.switchboard.security.AsyncLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code /admin/api/directory}: the store's directory, entry by entry, in the configuration file's JSON shape, and
 * the audit of its changes. Mounted on the management port when there is one, else on the main port; every request
 * authenticated by {@link AdminAuth}. It talks to {@link StoredDirectory} over the event bus only.
 */
public final class AdminApi {

  public static final String PREFIX = "/admin/api/";
  public static final String DIRECTORY = PREFIX + "directory";
  public static final String AUDIT = DIRECTORY + "/audit";
  public static final String ENTRY = DIRECTORY + "/:phoneNumber";
  /** Every route, as its pattern: the HTTP metrics label a request with these, never with its raw path. */
  public static final List<String> ROUTES = List.of(DIRECTORY, AUDIT, ENTRY);
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final String JSON = "application/json";
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(10_000).setLocalOnly(true);

  private final AdminSettings settings;
  private final AsyncLimiter failedAttempts;
  private final int maxBodyBytes;

  /**
   * @param failedAttempts the token API's failed-attempt limiter: one attacker's tries count once, wherever (in a
   *                       cluster, on whichever node)
   */
  public AdminApi(AdminSettings settings, AsyncLimiter failedAttempts, int maxBodyBytes) {
    this.settings = settings;
    this.failedAttempts = failedAttempts;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * @param clientAddressHeader the trusted proxy's header for the client's address, on a port behind a proxy
   */
  public void mount(Router router, Vertx vertx, Optional<String> clientAddressHeader) {
    router.route(PREFIX + "*").failureHandler(ErrorResponses::failure);
    if (!settings.enabled()) {
      router.route(PREFIX + "*").handler(ctx -> ctx.fail(new HttpException(404,
          "the admin API is off: it needs directory.source \"store\" and admin.users in the configuration")));
      return;
    }
    EventBus bus = vertx.eventBus();
    // The body is read before the (slow) authentication: a body handler must come first.
    router.route(PREFIX + "*").method(HttpMethod.POST).method(HttpMethod.PUT)
        .handler((PlatformHandler) JsonBody::onlyJson)
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.route(PREFIX + "*").handler(ctx -> {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      ctx.next();
    }).handler(new AdminAuth(vertx, settings, failedAttempts, clientAddressHeader));
    router.get(DIRECTORY).handler(ctx -> send(bus, ctx, 200, new ListEntries()));
    router.post(DIRECTORY).handler(ctx -> send(bus, ctx, 201, new AddEntry(JsonBody.of(ctx), AdminAuth.user(ctx))));
    router.get(AUDIT).handler(ctx -> send(bus, ctx, 200, changes(ctx)));
    router.get(ENTRY).handler(ctx -> send(bus, ctx, 200, new GetEntry(ctx.pathParam("phoneNumber"))));
    router.put(ENTRY).handler(ctx -> send(bus, ctx, 200,
        new ChangeEntry(ctx.pathParam("phoneNumber"), JsonBody.of(ctx), AdminAuth.user(ctx))));
    router.delete(ENTRY).handler(ctx -> send(bus, ctx, 204,
        new RemoveEntry(ctx.pathParam("phoneNumber"), AdminAuth.user(ctx))));
    router.route(DIRECTORY).handler(notAllowed("GET, POST"));
    router.route(AUDIT).handler(notAllowed("GET"));
    router.route(ENTRY).handler(notAllowed("GET, PUT, DELETE"));
    router.route(PREFIX + "*").handler(ctx -> ctx.fail(new HttpException(404, "no such admin API")));
  }

  private static void send(EventBus bus, RoutingContext ctx, int status, DirectoryCommand command) {
    bus.<Object>request(AdminAddresses.DIRECTORY, command, DELIVERY).onFailure(ctx::fail).onSuccess(reply -> {
      ctx.response().setStatusCode(status);
      if (status == 204) {
        ctx.response().end();
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(((JsonObject) reply.body()).encode());
      }
    });
  }

  private static ListChanges changes(RoutingContext ctx) {
    int limit = number(ctx, "limit", Integer::parseInt).orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new HttpException(400, "limit must be between 1 and " + MAX_LIMIT);
    }
    Optional<Long> before = number(ctx, "before", Long::parseLong);
    return new ListChanges(limit, before.map(OptionalLong::of).orElse(OptionalLong.empty()));
  }

  private static <T> Optional<T> number(RoutingContext ctx, String parameter, Function<String, T> parse) {
    String text = ctx.request().getParam(parameter);
    try {
      return Optional.ofNullable(text).map(parse);
    } catch (NumberFormatException e) {
      throw new HttpException(400, parameter + " must be a whole number");
    }
  }

  private static io.vertx.core.Handler<RoutingContext> notAllowed(String methods) {
    return ctx -> {
      ctx.response().putHeader(HttpHeaders.ALLOW, methods);
      ctx.fail(new HttpException(405, "method not allowed: use " + methods));
    };
  }
}
