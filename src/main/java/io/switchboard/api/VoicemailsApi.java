package io.switchboard.api;

import io.switchboard.storage.StorageAddresses;
import io.switchboard.storage.Voicemail;
import io.switchboard.storage.VoicemailPage;
import io.switchboard.storage.VoicemailQuery;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * The browser's voicemail: {@value #VOICEMAILS}, a page of the messages left on the token's client's numbers,
 * newest first, paged like the calls. The client comes from the token alone: the store keeps each voicemail once
 * per client it belongs to and finds only that client's.
 */
final class VoicemailsApi {

  static final String VOICEMAILS = "/api/voicemails";

  /** Local only: answered by this node's consumers, with no look-up of the cluster's (a cluster never hops). */
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000)
      .setLocalOnly(true);

  private final EventBus bus;

  VoicemailsApi(EventBus bus) {
    this.bus = bus;
  }

  void mount(Router router, AccessTokenAuth auth) {
    router.get(VOICEMAILS).handler(auth).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    VoicemailQuery query;
    try {
      query = new VoicemailQuery(AccessTokenAuth.client(ctx), Paging.limit(ctx), Paging.cursor(ctx));
    } catch (HttpException badRequest) {
      ctx.fail(badRequest);
      return;
    }
    bus.<VoicemailPage>request(StorageAddresses.LIST_VOICEMAILS, query, DELIVERY)
        .onSuccess(reply -> CallsApi.respond(ctx, new JsonObject()
            .put("voicemails", new JsonArray(reply.body().voicemails().stream().map(VoicemailsApi::json).toList()))
            .put("next", reply.body().next().orElse(null))))
        .onFailure(failure -> ctx.fail(CallsApi.fromStore(failure)));
  }

  private static JsonObject json(Voicemail voicemail) {
    return new JsonObject()
        .put("id", voicemail.id())
        .put("callSid", voicemail.callSid())
        .put("from", voicemail.from())
        .put("to", voicemail.to())
        .put("receivedAt", CallsApi.time(voicemail.receivedAt()))
        .put("durationSeconds", voicemail.durationSeconds());
  }
}
