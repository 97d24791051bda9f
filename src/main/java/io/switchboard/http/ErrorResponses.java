package io.switchboard.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.bus.Refusal;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * Turns a failed request into a short JSON answer. Only messages written for the caller reach the response
 * (an {@link HttpException}'s payload, a consumer's 4xx {@link Refusal}); anything unexpected is logged and answered
 * with a bare "internal error", so no stack trace, class name or secret can leak.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {
  }

  /** Failure handler for the token API: the walkthrough's refusal shape plus the reason. */
  static void tokenFailure(RoutingContext ctx) {
    Failure failure = Failure.of(ctx);
    respond(ctx, failure.status(), new JsonObject()
        .putNull("capabilityToken")
        .put("success", false)
        .put("error", failure.message()));
  }

  /** Failure handler for everything else. */
  public static void failure(RoutingContext ctx) {
    Failure failure = Failure.of(ctx);
    respond(ctx, failure.status(), new JsonObject().put("error", failure.message()));
  }

  /** A short text for every status the server sends: its own wording, or the standard reason phrase. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 408 -> "request took too long";
      case 413 -> "request body too large";
      case 416 -> "range not satisfiable";
      case 417 -> "expectation not supported: only 100-continue";
      case 429 -> "too many requests";
      case 431 -> "request headers too large";
      case 500 -> "internal error";
      case 503 -> "service unavailable";
      default -> HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
    };
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }

  private record Failure(int status, String message) {

    static Failure of(RoutingContext ctx) {
      Throwable error = ctx.failure();
      if (error instanceof HttpException http) {
        return new Failure(http.getStatusCode(), http.getPayload() != null ? http.getPayload() : reason(http.getStatusCode()));
      }
      if (error instanceof Refusal refusal) {
        return refused(ctx, refusal);
      }
      if (error instanceof ReplyException reply && noAnswer(reply)) {
        LOG.warn("No answer on the event bus for {}: {}", ctx.request().path(), reply.failureType());
        return new Failure(503, reason(503));
      }
      if (isMalformedInput(error)) {
        return new Failure(400, "malformed request body");
      }
      if (isRefusedByRouter(ctx)) {
        return new Failure(400, "the request names no valid host (Host, or :authority in HTTP/2)");
      }
      if (error != null) {
        LOG.error("Unexpected failure on {}", ctx.request().path(), error);
        return new Failure(500, reason(500));
      }
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      return new Failure(status, reason(status));
    }

    /**
     * vertx-web refuses a request without a valid authority (HTTP/1.1 without {@code Host}, HTTP/2 without
     * {@code :authority}) before any route runs, failing it with 400 and a plain VertxException: the client's
     * fault, to answer as such rather than log as a failure of ours.
     */
    private static boolean isRefusedByRouter(RoutingContext ctx) {
      return ctx.statusCode() == 400 && ctx.request().authority() == null;
    }

    /** A consumer's refusal: a 4xx with its reason and any wait; a 5xx, its status alone (the consumer logged why). */
    private static Failure refused(RoutingContext ctx, Refusal refusal) {
      if (!refusal.forTheCaller()) {
        return new Failure(refusal.status(), reason(refusal.status()));
      }
      refusal.retryAfterSeconds()
          .ifPresent(seconds -> ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
      return new Failure(refusal.status(), refusal.reason());
    }

    private static boolean noAnswer(ReplyException reply) {
      return reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS;
    }

    /**
     * The request body could not be read or decoded, or the caller hung up: the caller's doing, not ours. (No
     * route decodes a form with Netty's decoder, whose errors would be bare IllegalArgumentExceptions: the webhooks
     * read theirs with {@link UrlEncodedForm}, and the token API refuses any body but JSON before reading it.)
     */
    private static boolean isMalformedInput(Throwable error) {
      return error instanceof IOException || error instanceof DecoderException || error instanceof HttpClosedException;
    }
  }
}
