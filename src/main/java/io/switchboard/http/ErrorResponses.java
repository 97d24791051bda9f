package io.switchboard.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Turns a failed request into a short JSON answer. Only messages written for the caller reach the response
 * (an {@link HttpException}'s payload, a consumer's 4xx failure text); anything unexpected is logged and answered
 * with a bare "internal error", so no stack trace, class name or secret can leak.
 */
final class ErrorResponses {

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
  static void failure(RoutingContext ctx) {
    Failure failure = Failure.of(ctx);
    respond(ctx, failure.status(), new JsonObject().put("error", failure.message()));
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
      if (error instanceof ReplyException reply) {
        return switch (reply.failureType()) {
          case RECIPIENT_FAILURE -> fromConsumer(ctx, reply);
          case TIMEOUT, NO_HANDLERS -> {
            LOG.warn("No answer on the event bus for {}: {}", ctx.request().path(), reply.failureType());
            yield new Failure(503, reason(503));
          }
          default -> new Failure(500, reason(500));
        };
      }
      if (isMalformedInput(error)) {
        return new Failure(400, "malformed request body");
      }
      if (error != null) {
        LOG.error("Unexpected failure on {}", ctx.request().path(), error);
        return new Failure(500, reason(500));
      }
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      return new Failure(status, reason(status));
    }

    /**
     * The request body could not be read or decoded (Netty's form decoder throws plain IllegalArgumentExceptions
     * for bad escapes or empty names), or the caller hung up: the caller's doing, not ours.
     */
    private static boolean isMalformedInput(Throwable error) {
      if (error instanceof IOException || error instanceof DecoderException || error instanceof HttpClosedException) {
        return true;
      }
      if (!(error instanceof IllegalArgumentException)) {
        return false;
      }
      StackTraceElement[] frames = error.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, 6); i++) {
        if (frames[i].getClassName().startsWith("io.netty.handler.codec.http")) {
          return true;
        }
      }
      return false;
    }

    /** A consumer's 4xx is meant for the caller; its 429 message is the seconds to wait. */
    private static Failure fromConsumer(RoutingContext ctx, ReplyException reply) {
      int code = reply.failureCode();
      if (code == 429) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, reply.getMessage());
        return new Failure(429, "too many failed attempts; retry in " + reply.getMessage() + " s");
      }
      return code >= 400 && code < 500 ? new Failure(code, reply.getMessage()) : new Failure(500, reason(500));
    }

    private static String reason(int status) {
      return switch (status) {
        case 400 -> "bad request";
        case 403 -> "forbidden";
        case 404 -> "not found";
        case 405 -> "method not allowed";
        case 413 -> "request body too large";
        case 429 -> "too many requests";
        case 503 -> "service unavailable";
        default -> "internal error";
      };
    }
  }
}
