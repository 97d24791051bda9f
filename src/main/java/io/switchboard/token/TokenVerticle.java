package io.switchboard.token;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.bus.Refusal;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.Limiter;
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
  private final Limiter failedAttempts;
  private final SwitchboardMetrics metrics;

  /** @param failedAttempts shared by all instances, keyed by number and by client address */
  public TokenVerticle(SwitchboardConfig config, Supplier<Directory> directory, Limiter failedAttempts,
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
    try {
      TokenRequest request = message.body();
      Directory current = directory.get();
      Optional<Refusal> conflict = request.conflict(current.phoneNumbers());
      if (conflict.isPresent()) {
        refuse(message, "bad_request", conflict.get());
        return;
      }
      Optional<DirectoryEntry> entry = current.byPhoneNumber(request.phoneNumber());
      String addressKey = "address:" + request.clientAddress();
      long wait = Math.max(failedAttempts.retryAfter(addressKey),
          entry.map(e -> failedAttempts.retryAfter(numberKey(e))).orElse(0L));
      if (wait > 0) {
        refuse(message, "locked_out",
            Refusal.tooManyRequests(wait, "too many failed attempts; retry in " + wait + " s"));
      } else if (entry.isEmpty()) {
        failedAttempts.hit(addressKey);
        metrics.token("unknown_number");
        message.reply(TokenIssuer.refused());
      } else if (entry.get().secret().isEmpty()) {
        answer(message, request, entry.get());
      } else if (request.secret().isEmpty()) {
        refuse(message, "missing_secret", Refusal.of(401, "this number needs its secret"));
      } else {
        checkSecret(message, entry.get(), entry.get().secret().get(), request.secret().get(), addressKey);
      }
    } catch (RuntimeException e) {
      LOG.error("Token issuing failed", e);
      message.reply(Refusal.internalError("token issuing failed"));
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
        failedAttempts.reset(numberKey(entry));
        answer(message, message.body(), entry);
      } else {
        failedAttempts.hit(numberKey(entry));
        failedAttempts.hit(addressKey);
        refuse(message, "wrong_secret", Refusal.of(401, "wrong secret"));
      }
    });
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
