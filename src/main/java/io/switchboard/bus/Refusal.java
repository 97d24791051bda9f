package io.switchboard.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.OptionalLong;

/**
 * A consumer's answer when it has no reply to give: the HTTP status, the reason, and for a 429 the seconds to wait.
 * Every consumer answers its failures with one ({@code message.reply(refusal)}, never a thrown exception): the
 * event bus fails the sender's request with a reply whose body is a {@link ReplyException}, and with its own codec
 * this very object arrives, so the HTTP layer reads the fields instead of parsing a message.
 *
 * <p>A 4xx is meant for the caller, and its reason is shown; a 5xx's reason is for the log only.
 */
public final class Refusal extends ReplyException {

  private static final long NO_WAIT = 0;

  private final long retryAfterSeconds;

  private Refusal(int status, String reason, long retryAfterSeconds) {
    super(ReplyFailure.RECIPIENT_FAILURE, status, reason);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The request is refused for a reason the caller may read: {@code status} is a 4xx. */
  public static Refusal of(int status, String reason) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("a refusal for the caller is a 4xx, not " + status);
    }
    return new Refusal(status, reason, NO_WAIT);
  }

  /** 429: too many requests; the caller may try again after {@code retryAfterSeconds}. */
  public static Refusal tooManyRequests(long retryAfterSeconds, String reason) {
    if (retryAfterSeconds <= 0) {
      throw new IllegalArgumentException("a 429 says how long to wait");
    }
    return new Refusal(429, reason, retryAfterSeconds);
  }

  /** 503: the consumer cannot take the request now (a database down, a full queue); {@code reason} is for the log. */
  public static Refusal unavailable(String reason) {
    return new Refusal(503, reason, NO_WAIT);
  }

  /** 500: the consumer failed; {@code reason} is for the log, the caller reads "internal error". */
  public static Refusal internalError(String reason) {
    return new Refusal(500, reason, NO_WAIT);
  }

  /** Makes {@link Refusal} a message type of this event bus, so that it reaches the sender as itself. */
  public static void registerCodec(EventBus bus) {
    LocalCodec.register(bus, Refusal.class);
  }

  public int status() {
    return failureCode();
  }

  public String reason() {
    return getMessage();
  }

  /** Whether the reason is meant for the caller. */
  public boolean forTheCaller() {
    return status() < 500;
  }

  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds == NO_WAIT ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
  }
}
