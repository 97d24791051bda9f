package io.switchboard.token;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.Limiter;
import io.switchboard.security.SecretHash;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
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
  private final Limiter failures;
  private final SwitchboardMetrics metrics;

  /** @param failures failed attempts, shared by all instances, keyed by number and by client address */
  public TokenVerticle(SwitchboardConfig config, Supplier<Directory> directory, Limiter failures,
                       SwitchboardMetrics metrics) {
    this.directory = directory;
    this.issuer = new TokenIssuer(config.twilio(), config.tokens().ttlSeconds(), Clock.systemUTC());
    this.failures = failures;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return EventLoopAffinity.consumer(vertx.eventBus(), TokenAddresses.ISSUE, this::issue);
  }

  private void issue(Message<JsonObject> message) {
    try {
      JsonObject request = message.body() == null ? new JsonObject() : message.body();
      if (!(request.getValue("twilioPhoneNumber") instanceof String phoneNumber) || phoneNumber.isBlank()) {
        refuse(message, 400, "bad_request", "twilioPhoneNumber must be a non-empty string");
        return;
      }
      Object secret = request.getValue("secret");
      if (secret != null && !(secret instanceof String)) {
        refuse(message, 400, "bad_request", "secret must be a string");
        return;
      }
      Directory current = directory.get();
      Optional<DirectoryEntry> entry = current.byPhoneNumber(phoneNumber);
      String basicUser = request.getString("basicUser");
      if (basicUser != null && !current.phoneNumbers().toE164(basicUser).equals(entry.map(DirectoryEntry::phoneNumber))) {
        refuse(message, 400, "bad_request", "the Basic user must be twilioPhoneNumber");
        return;
      }
      String addressKey = "address:" + request.getString("clientAddress", "unknown");
      long wait = Math.max(failures.retryAfter(addressKey), entry.map(e -> failures.retryAfter(numberKey(e))).orElse(0L));
      if (wait > 0) {
        refuse(message, 429, "locked_out", Long.toString(wait));
      } else if (entry.isEmpty()) {
        failures.hit(addressKey);
        metrics.token("unknown_number");
        message.reply(TokenIssuer.refused());
      } else if (entry.get().secret().isEmpty()) {
        answer(message, entry.get());
      } else if (secret == null) {
        refuse(message, 401, "missing_secret", "this number needs its secret");
      } else {
        checkSecret(message, entry.get(), entry.get().secret().get(), (String) secret, addressKey);
      }
    } catch (RuntimeException e) {
      LOG.error("Token issuing failed", e);
      message.fail(500, "token issuing failed");
    }
  }

  /** The hash is slow on purpose, so it runs on a worker thread, never on the event loop. */
  private void checkSecret(Message<JsonObject> message, DirectoryEntry entry, SecretHash hash, String secret,
                           String addressKey) {
    vertx.executeBlocking(() -> hash.matches(secret), false).onComplete(checked -> {
      if (checked.failed()) {
        LOG.error("Secret check failed", checked.cause());
        message.fail(500, "token issuing failed");
      } else if (checked.result()) {
        failures.reset(numberKey(entry));
        answer(message, entry);
      } else {
        failures.hit(numberKey(entry));
        failures.hit(addressKey);
        refuse(message, 401, "wrong_secret", "wrong secret");
      }
    });
  }

  private void answer(Message<JsonObject> message, DirectoryEntry entry) {
    metrics.token("issued");
    message.reply(issuer.issue(entry));
  }

  private void refuse(Message<JsonObject> message, int status, String outcome, String reason) {
    metrics.token(outcome);
    message.fail(status, reason);
  }

  private static String numberKey(DirectoryEntry entry) {
    return "number:" + entry.phoneNumber();
  }
}
