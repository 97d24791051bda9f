package io.switchboard.token;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.bus.Refusal;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.AsyncLimiter;
import io.switchboard.security.SecretHash;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Issues Twilio tokens for the browser client registered for a Twilio number, to callers that prove they may:
 * with the entry's secret where it has one, within the failed-attempt limits per number and per client address.
 */
public final class TokenVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerticle.class);

  private final Supplier<Directory> directory;
  private final TokenIssuer issuer;
  private static final Future<Long> NO_WAIT = Future.succeededFuture(0L);

  private final AsyncLimiter failedAttempts;
  private final SwitchboardMetrics metrics;

  /**
   * @param failedAttempts shared by all instances (and nodes, in a cluster), keyed by number and by client address
   */
  public TokenVerticle(SwitchboardConfig config, Supplier<Directory> directory, AsyncLimiter failedAttempts,
                       SwitchboardMetrics metrics) {
    this.directory = directory;
    this.issuer = new TokenIssuer(config.twilio(), config.tokens().ttlSeconds(), Clock.systemUTC());
    this.failedAttempts = failedAttempts;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return EventLoopAffinity.consumer(vertx.eventBus(), TokenAddresses.ISSUE, this::issue);
  }

  private void issue(Message<TokenRequest> message) {
    guarded(message, () -> {
      TokenRequest request = message.body();
      Directory current = directory.get();
      Optional<Refusal> conflict = request.conflict(current.phoneNumbers());
      if (conflict.isPresent()) {
        refuse(message, "bad_request", conflict.get());
        return;
      }
      Optional<DirectoryEntry> entry = current.byPhoneNumber(request.phoneNumber());
      String addressKey = "address:" + request.clientAddress();
      Future<Long> addressWait = failedAttempts.retryAfter(addressKey);
      Future<Long> numberWait = entry.map(e -> failedAttempts.retryAfter(numberKey(e))).orElse(NO_WAIT);
      Future.all(addressWait, numberWait).onComplete(waits -> {
        if (waits.failed()) {
          unavailable(message, waits.cause());
        } else {
          long wait = Math.max(addressWait.result(), numberWait.result());
          guarded(message, () -> issueUnlessLockedOut(message, entry, addressKey, wait));
        }
      });
    });
  }

  /** Every step answers: a failure thrown in one would leave the sender waiting for its timeout. */
  private static void guarded(Message<TokenRequest> message, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.error("Token issuing failed", e);
      message.reply(Refusal.internalError("token issuing failed"));
    }
  }

  private void issueUnlessLockedOut(Message<TokenRequest> message, Optional<DirectoryEntry> entry, String addressKey,
                                    long wait) {
    TokenRequest request = message.body();
    if (wait > 0) {
      refuse(message, "locked_out",
          Refusal.tooManyRequests(wait, "too many failed attempts; retry in " + wait + " s"));
    } else if (entry.isEmpty()) {
      failedAttempts.hit(addressKey).onComplete(counted -> {
        metrics.token("unknown_number");
        message.reply(TokenIssuer.refused());
      });
    } else if (entry.get().secret().isEmpty()) {
      answer(message, request, entry.get());
    } else if (request.secret().isEmpty()) {
      refuse(message, "missing_secret", Refusal.of(401, "this number needs its secret"));
    } else {
      checkSecret(message, entry.get(), entry.get().secret().get(), request.secret().get(), addressKey);
    }
  }

  /** The hash is slow on purpose, so it runs on a worker thread, never on the event loop. */
  private void checkSecret(Message<TokenRequest> message, DirectoryEntry entry, SecretHash hash, String secret,
                           String addressKey) {
    vertx.executeBlocking(() -> hash.matches(secret), false).onComplete(checked -> {
      if (checked.failed()) {
        LOG.error("Secret check failed", checked.cause());
        message.reply(Refusal.internalError("token issuing failed"));
      } else if (checked.result()) {
        failedAttempts.reset(numberKey(entry))
            .onComplete(reset -> guarded(message, () -> answer(message, message.body(), entry)));
      } else {
        // Counted before the answer: a caller who tries again at once finds the count that refused him.
        Future.all(failedAttempts.hit(numberKey(entry)), failedAttempts.hit(addressKey))
            .onComplete(counted -> refuse(message, "wrong_secret", Refusal.of(401, "wrong secret")));
      }
    });
  }

  /** The failed attempts are kept in the cluster, and it did not answer: no token without knowing them. */
  private void unavailable(Message<TokenRequest> message, Throwable cause) {
    LOG.warn("Failed attempts could not be read: {}", cause.toString());
    refuse(message, "unavailable", Refusal.unavailable("failed attempts cannot be read"));
  }

  /** Which of the entry's clients is asked only once the caller proved it may have tokens for the number. */
  private void answer(Message<TokenRequest> message, TokenRequest request, DirectoryEntry entry) {
    String client;
    try {
      client = request.client(entry);
    } catch (Refusal unknownClient) {
      refuse(message, "bad_request", unknownClient);
      return;
    }
    metrics.token("issued");
    message.reply(issuer.issue(client));
  }

  private void refuse(Message<TokenRequest> message, String outcome, Refusal refusal) {
    metrics.token(outcome);
    message.reply(refusal);
  }

  private static String numberKey(DirectoryEntry entry) {
    return "number:" + entry.phoneNumber();
  }
}
