package io.switchboard.events;

import io.switchboard.config.EventsSettings;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.storage.EventsSince;
import io.switchboard.storage.StorageAddresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The browser's live events and presence: {@value #EVENTS} (a Server-Sent Events stream of the client's calls and
 * voicemail, with what it missed since its {@code Last-Event-ID} header or {@code lastEventId} parameter), {@value #TICKET} (a one-time ticket to open that
 * stream from an EventSource, which cannot send the access token), and {@value #PRESENCE} (which clients of the
 * caller's numbers are online; the page saying whether its device is registered). One per HTTP verticle instance,
 * which closes its streams when it stops.
 */
public final class EventsApi {

  public static final String EVENTS = "/api/events";
  public static final String TICKET = "/api/events/ticket";
  public static final String PRESENCE = "/api/presence";
  /** Every route, as its pattern; the browser API answers 405 for the methods these do not take. */
  public static final List<String> ROUTES = List.of(EVENTS, TICKET, PRESENCE);

  private static final String TICKET_CLIENT = EventsApi.class.getName() + ".ticketClient";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000).setLocalOnly(true);
  private static final int MAX_BODY_BYTES = 1_024;
  /** How soon an EventSource reconnects after the stream ends: soon, but not in a tight loop. */
  private static final int RETRY_MILLIS = 2_000;

  private final Vertx vertx;
  private final EventsSettings settings;
  private final StreamQuota quota;
  private final Supplier<Directory> directory;
  private final Presence presence;
  private final Tickets tickets;
  private final Set<EventStream> open = new HashSet<>();

  public EventsApi(Vertx vertx, EventsSettings settings, StreamQuota quota, Supplier<Directory> directory) {
    this.vertx = vertx;
    this.settings = settings;
    this.quota = quota;
    this.directory = directory;
    this.presence = new Presence(vertx, settings.presenceSeconds());
    this.tickets = new Tickets(vertx, settings.ticketSeconds());
  }

  /**
   * @param auth     lets a request through with a valid access token only
   * @param clientOf the client whose token {@code auth} accepted
   */
  public void mount(Router router, AuthenticationHandler auth, Function<RoutingContext, String> clientOf) {
    router.get(EVENTS).handler(new TicketOrToken(auth)).handler(ctx -> open(ctx,
        ctx.<String>get(TICKET_CLIENT) != null ? ctx.get(TICKET_CLIENT) : clientOf.apply(ctx)));
    router.post(TICKET).handler(auth).handler(ctx -> tickets.issue(clientOf.apply(ctx))
        .onSuccess(ticket -> respond(ctx, new JsonObject().put("ticket", ticket)
            .put("expiresInSeconds", settings.ticketSeconds())))
        .onFailure(ctx::fail));
    router.get(PRESENCE).handler(auth).handler(ctx -> presenceOf(ctx, clientOf.apply(ctx)));
    router.post(PRESENCE).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(auth)
        .handler(ctx -> registered(ctx, clientOf.apply(ctx)));
    vertx.eventBus().<JsonObject>consumer(EventAddresses.DIRECTORY, changed -> directoryChanged());
  }

  /** Ends every open stream: the server is stopping; each page reconnects, to another server or to this one. */
  public void close() {
    List.copyOf(open).forEach(EventStream::close);
  }

  /**
   * {@code ?ticket=} stands for the access token, for an EventSource: the stream opens as the client it was issued
   * to, if it still is one of the directory's. A request that has the header is authenticated by it alone.
   */
  private final class TicketOrToken implements AuthenticationHandler {

    private final AuthenticationHandler token;

    TicketOrToken(AuthenticationHandler token) {
      this.token = token;
    }

    @Override
    public void handle(RoutingContext ctx) {
      String ticket = ctx.request().getParam("ticket");
      if (ticket == null || ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
        token.handle(ctx);
        return;
      }
      tickets.redeem(ticket).onComplete(redeemed -> {
        if (redeemed.succeeded() && redeemed.result().filter(EventsApi.this::isClient).isPresent()) {
          ctx.put(TICKET_CLIENT, redeemed.result().get());
          ctx.next();
        } else {
          ctx.fail(new HttpException(401, "the ticket is invalid, used or expired: ask for a new one"));
        }
      });
    }
  }

  private void open(RoutingContext ctx, String client) {
    var refused = quota.take(client);
    if (refused.isPresent()) {
      ctx.fail(refused.get());
      return;
    }
    // A new EventSource cannot send the header (only its own reconnect does, with a spent ticket): the page names
    // the last event it saw in the query instead.
    String lastEventId = Optional.ofNullable(ctx.request().getHeader("Last-Event-ID"))
        .orElse(ctx.request().getParam("lastEventId"));
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
        // nginx would otherwise buffer the stream until its buffer fills.
        .putHeader("X-Accel-Buffering", "no");
    EventStream stream = new EventStream(response, client, lastEventId != null);
    open.add(stream);
    MessageConsumer<JsonObject> events = vertx.eventBus()
        .consumer(EventAddresses.client(client), event -> stream.live(event.body()));
    long heartbeat = vertx.setPeriodic(settings.heartbeatSeconds() * 1000L, id -> {
      stream.ping();
      presence.renew(client);
    });
    Handler<Void> closed = done -> {
      if (open.remove(stream)) {
        vertx.cancelTimer(heartbeat);
        events.unregister();
        quota.release(client);
      }
    };
    response.closeHandler(closed).endHandler(closed);
    response.write("retry: " + RETRY_MILLIS + "\n\n");
    presence.renew(client);
    if (lastEventId != null) {
      vertx.eventBus().<JsonArray>request(StorageAddresses.EVENTS_SINCE, new EventsSince(client, lastEventId), DELIVERY)
          .map(reply -> reply.body().stream().map(JsonObject.class::cast).toList())
          // The store cannot say what was missed now: the stream goes on live; the page can read its history.
          .otherwise(List.of())
          .onSuccess(stream::replayed);
    }
  }

  /** The clients of the caller's own numbers, each online or not, and since when. */
  private void presenceOf(RoutingContext ctx, String client) {
    List<String> clients = directory.get().entriesOf(client).stream().map(DirectoryEntry::clients)
        .flatMap(List::stream).distinct().sorted().toList();
    presence.online(clients).onSuccess(online -> respond(ctx, new JsonObject().put("clients", new JsonArray(
        clients.stream().map(name -> new JsonObject()
            .put("client", name)
            .put("online", online.containsKey(name))
            .put("since", online.containsKey(name) ? online.get(name).toString() : null)).toList()))))
        .onFailure(ctx::fail);
  }

  /** {@code {"registered": true|false}}: the page's device registered with Twilio (online) or unregistered. */
  private void registered(RoutingContext ctx, String client) {
    Buffer body = ctx.body().buffer();
    Object registered;
    try {
      registered = body == null ? null : new JsonObject(body).getValue("registered");
    } catch (DecodeException | ClassCastException e) {
      registered = null;
    }
    if (!(registered instanceof Boolean online)) {
      ctx.fail(new HttpException(400, "the body must be {\"registered\": true} or {\"registered\": false}"));
      return;
    }
    (online ? presence.renew(client) : presence.leave(client))
        .onSuccess(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** Each open stream tells its page to renew its token; a stream whose client was removed is closed. */
  private void directoryChanged() {
    JsonObject changed = new JsonObject().put("type", "directory.changed").put("at", Instant.now().toString());
    for (EventStream stream : List.copyOf(open)) {
      stream.live(changed);
      if (!isClient(stream.client())) {
        stream.close();
      }
    }
  }

  private boolean isClient(String client) {
    return directory.get().byClientName(client).isPresent();
  }

  private static void respond(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }
}
