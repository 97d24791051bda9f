package io.switchboard.api;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.bus.EventLoopAffinity.LoopAddress;
import io.switchboard.recordings.RecordingAudio;
import io.switchboard.recordings.RecordingDiscard;
import io.switchboard.recordings.RecordingFetch;
import io.switchboard.recordings.RecordingSids;
import io.switchboard.recordings.RecordingsAddresses;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.storage.Voicemail;
import io.switchboard.storage.VoicemailDeleted;
import io.switchboard.storage.VoicemailLookup;
import io.switchboard.storage.VoicemailPage;
import io.switchboard.storage.VoicemailQuery;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The browser's voicemail: {@value #VOICEMAILS}, a page of the messages left on the token's client's numbers,
 * newest first, paged like the calls, with the count of those not heard yet; for one of them, its audio
 * ({@value #AUDIO}, streamed from Twilio), a ticket for an {@code <audio>} element ({@value #AUDIO_TICKET}), the
 * heard mark ({@value #HEARD}) and its delete ({@value #VOICEMAIL}). The client comes from the token alone: the
 * store keeps each voicemail once per client it belongs to and finds only that client's, so another's voicemail is
 * "not found", exactly as one that does not exist, or one the client deleted.
 */
final class VoicemailsApi {

  static final String VOICEMAILS = "/api/voicemails";
  static final String VOICEMAIL = "/api/voicemails/:id";
  static final String HEARD = "/api/voicemails/:id/heard";
  static final String AUDIO = "/api/voicemails/:id/audio";
  static final String AUDIO_TICKET = "/api/voicemails/:id/audio/ticket";

  private static final String NO_SUCH_VOICEMAIL = "no such voicemail";
  private static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
  /** Local only: answered by this node's consumers, with no look-up of the cluster's (a cluster never hops). */
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000)
      .setLocalOnly(true);
  /** Longer than Twilio may take to connect and answer: the recordings verticle says when it gave up. */
  private static final DeliveryOptions FETCH_DELIVERY = new DeliveryOptions().setSendTimeout(30_000)
      .setLocalOnly(true);

  private final EventBus bus;
  private final AudioTickets tickets;
  private LoopAddress fetch;

  VoicemailsApi(EventBus bus, AudioTickets tickets) {
    this.bus = bus;
    this.tickets = tickets;
  }

  void mount(Router router, AccessTokenAuth auth) {
    fetch = EventLoopAffinity.onThisEventLoop(RecordingsAddresses.FETCH);
    router.get(VOICEMAILS).handler(auth).handler(this::list);
    router.delete(VOICEMAIL).handler(auth).handler(this::delete);
    router.post(HEARD).handler(auth).handler(this::markHeard);
    router.post(AUDIO_TICKET).handler(auth).handler(this::ticket);
    router.get(AUDIO).handler(ctx -> ticketOrToken(ctx, auth)).handler(this::audio);
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
            .put("next", reply.body().next().orElse(null))
            .put("unheard", reply.body().unheard())))
        .onFailure(failure -> ctx.fail(CallsApi.fromStore(failure, NO_SUCH_VOICEMAIL)));
  }

  private void markHeard(RoutingContext ctx) {
    lookup(ctx).ifPresent(lookup -> bus.request(StorageAddresses.MARK_HEARD, lookup, DELIVERY)
        .onSuccess(marked -> ctx.response().setStatusCode(204).end())
        .onFailure(failure -> ctx.fail(CallsApi.fromStore(failure, NO_SUCH_VOICEMAIL))));
  }

  /**
   * Deletes the client's voicemail; a second delete finds none (404). When no client keeps the recording any more,
   * the recordings verticle is told, which deletes Twilio's copy if so configured: the answer does not wait for it.
   */
  private void delete(RoutingContext ctx) {
    lookup(ctx).ifPresent(lookup -> bus.<VoicemailDeleted>request(StorageAddresses.DELETE_VOICEMAIL, lookup, DELIVERY)
        .onSuccess(reply -> {
          if (reply.body().lastCopy()) {
            bus.send(RecordingsAddresses.DISCARD, new RecordingDiscard(lookup.recordingSid()), DELIVERY);
          }
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(failure -> ctx.fail(CallsApi.fromStore(failure, NO_SUCH_VOICEMAIL))));
  }

  private void ticket(RoutingContext ctx) {
    lookup(ctx).ifPresent(lookup -> bus.request(StorageAddresses.FIND_VOICEMAIL, lookup, DELIVERY)
        .onSuccess(found -> CallsApi.respond(ctx, new JsonObject()
            .put("ticket", tickets.issue(lookup.client(), lookup.recordingSid(), Instant.now()))
            .put("expiresInSeconds", AudioTickets.LIFETIME_SECONDS)))
        .onFailure(failure -> ctx.fail(CallsApi.fromStore(failure, NO_SUCH_VOICEMAIL))));
  }

  /** The audio's two ways in: the access token, or a ticket of {@value #AUDIO_TICKET} for this voicemail. */
  private void ticketOrToken(RoutingContext ctx, AccessTokenAuth auth) {
    List<String> ticket = ctx.queryParam("ticket");
    if (ticket.isEmpty()) {
      auth.handle(ctx);
    } else {
      auth.admit(ctx, ticket.size() == 1
          ? tickets.client(ticket.get(0), ctx.pathParam("id"), Instant.now()) : Optional.empty());
    }
  }

  /**
   * Streams the voicemail's recording from Twilio, once the store has found it the client's: the browser's
   * {@code Range} goes to Twilio, and Twilio's status and headers come back with the bytes, at the browser's pace.
   */
  private void audio(RoutingContext ctx) {
    lookup(ctx).ifPresent(lookup -> bus.request(StorageAddresses.FIND_VOICEMAIL, lookup, DELIVERY)
        .recover(failure -> Future.failedFuture(CallsApi.fromStore(failure, NO_SUCH_VOICEMAIL)))
        .compose(found -> EventLoopAffinity.<RecordingAudio>request(bus, fetch,
                new RecordingFetch(lookup.recordingSid(), Optional.ofNullable(ctx.request().getHeader(RANGE))),
                FETCH_DELIVERY)
            .recover(failure -> Future.failedFuture(fromRecordings(failure))))
        .onSuccess(reply -> stream(ctx, reply.body()))
        .onFailure(ctx::fail));
  }

  private static void stream(RoutingContext ctx, RecordingAudio audio) {
    HttpServerResponse response = ctx.response();
    response.headers().addAll(audio.headers());
    if (audio.status() == 416) {
      ctx.fail(new HttpException(416, "the range is outside the recording"));
      return;
    }
    response.setStatusCode(audio.status()).setChunked(!audio.headers().contains(HttpHeaders.CONTENT_LENGTH));
    audio.pipeTo(response);
  }

  /** The voicemail the path names, of the request's client; a 404 when the id cannot be a recording's. */
  private static Optional<VoicemailLookup> lookup(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!RecordingSids.isRecordingSid(id)) {
      ctx.fail(new HttpException(404, NO_SUCH_VOICEMAIL));
      return Optional.empty();
    }
    return Optional.of(new VoicemailLookup(AccessTokenAuth.client(ctx), id));
  }

  /** The recordings verticle's 502, which says what went wrong with Twilio; no answer from it is the same. */
  private static HttpException fromRecordings(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.failureCode() == 502) {
      return new HttpException(502, reply.getMessage());
    }
    return new HttpException(502, "Twilio's recordings endpoint could not be reached; try again later");
  }

  private static JsonObject json(Voicemail voicemail) {
    return new JsonObject()
        .put("id", voicemail.id())
        .put("callSid", voicemail.callSid())
        .put("from", voicemail.from())
        .put("to", voicemail.to())
        .put("receivedAt", CallsApi.time(voicemail.receivedAt()))
        .put("durationSeconds", voicemail.durationSeconds())
        .put("heard", voicemail.heard())
        .put("audioUrl", AUDIO.replace(":id", voicemail.id()));
  }
}
