package io.switchboard.api;

import io.switchboard.storage.CallEvent;
import io.switchboard.storage.CallLookup;
import io.switchboard.storage.CallPage;
import io.switchboard.storage.CallQuery;
import io.switchboard.storage.CallRecord;
import io.switchboard.storage.StorageAddresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The browser's call history: {@value #CALLS} (a page of the calls that involve the token's client, newest first,
 * {@code limit} and an opaque {@code cursor}) and {@value #CALL} (one of them, with its events). The client comes
 * from the token alone, and the store finds only that client's calls: another's call is "not found", exactly as
 * one that does not exist.
 */
final class CallsApi {

  static final String CALLS = "/api/calls";
  static final String CALL = "/api/calls/:callSid";

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final String NO_SUCH_CALL = "no such call";
  /** Local only: answered by this node's consumers, with no look-up of the cluster's (a cluster never hops). */
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000)
      .setLocalOnly(true);
  /** Twilio's call SIDs: anything else is no call of ours, and is not worth a question to the store. */
  private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");

  private final EventBus bus;

  CallsApi(EventBus bus) {
    this.bus = bus;
  }

  void mount(Router router, AccessTokenAuth auth) {
    router.get(CALLS).handler(auth).handler(this::list);
    router.get(CALL).handler(auth).handler(this::one);
  }

  private void list(RoutingContext ctx) {
    CallQuery query;
    try {
      query = new CallQuery(AccessTokenAuth.client(ctx), Paging.limit(ctx), Paging.cursor(ctx));
    } catch (HttpException badRequest) {
      ctx.fail(badRequest);
      return;
    }
    bus.<CallPage>request(StorageAddresses.LIST_CALLS, query, DELIVERY)
        .onSuccess(reply -> respond(ctx, new JsonObject()
            .put("calls", new JsonArray(reply.body().calls().stream().map(CallsApi::summary).toList()))
            .put("next", reply.body().next().orElse(null))))
        .onFailure(failure -> ctx.fail(fromStore(failure, NO_SUCH_CALL)));
  }

  private void one(RoutingContext ctx) {
    String callSid = ctx.pathParam("callSid");
    if (!CALL_SID.matcher(callSid).matches()) {
      ctx.fail(new HttpException(404, NO_SUCH_CALL));
      return;
    }
    bus.<CallRecord>request(StorageAddresses.GET_CALL, new CallLookup(AccessTokenAuth.client(ctx), callSid), DELIVERY)
        .onSuccess(reply -> respond(ctx, summary(reply.body())
            .put("events", new JsonArray(reply.body().events().stream().map(CallsApi::event).toList()))))
        .onFailure(failure -> ctx.fail(fromStore(failure, NO_SUCH_CALL)));
  }

  /**
   * The store's refusals as the caller should read them: its 400 (a bad cursor) as it is, its 404 (not found, or not
   * the client's) as {@code notFound} says; any other failure of the store as 503, since the records are only
   * unavailable for now.
   */
  static Throwable fromStore(Throwable failure, String notFound) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return switch (reply.failureCode()) {
        case 400 -> new HttpException(400, reply.getMessage());
        case 404 -> new HttpException(404, notFound);
        default -> new HttpException(503, "call records are unavailable; try again later");
      };
    }
    return failure;
  }

  static void respond(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  private static JsonObject summary(CallRecord call) {
    return new JsonObject()
        .put("callSid", call.callSid())
        .put("direction", call.direction())
        .put("from", call.from())
        .put("to", call.to())
        .put("status", call.status())
        .put("startedAt", time(call.startedAt()))
        .put("answeredAt", time(call.answeredAt()))
        .put("endedAt", time(call.endedAt()))
        .put("durationSeconds", call.durationSeconds())
        .put("answeredBy", call.answeredBy())
        .put("voicemail", call.voicemail());
  }

  private static JsonObject event(CallEvent event) {
    return new JsonObject()
        .put("legSid", event.legSid())
        .put("kind", event.kind())
        .put("status", event.status())
        .put("sequenceNumber", event.sequenceNumber())
        .put("at", time(event.at()));
  }

  /** ISO-8601 in UTC, to the millisecond that browsers' Date keeps; null stays null. */
  static String time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
