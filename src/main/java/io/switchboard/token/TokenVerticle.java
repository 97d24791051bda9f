package io.switchboard.token;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** Issues Twilio tokens for the browser client registered for a Twilio number. */
public final class TokenVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerticle.class);

  private final Supplier<Directory> directory;
  private final TokenIssuer issuer;
  private final SwitchboardMetrics metrics;

  public TokenVerticle(SwitchboardConfig config, Supplier<Directory> directory, SwitchboardMetrics metrics) {
    this.directory = directory;
    this.issuer = new TokenIssuer(config.twilio(), config.tokenTtlSeconds(), Clock.systemUTC());
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(TokenAddresses.ISSUE, this::issue).completion();
  }

  private void issue(Message<JsonObject> message) {
    try {
      Object number = message.body() == null ? null : message.body().getValue("twilioPhoneNumber");
      if (!(number instanceof String phoneNumber) || phoneNumber.isBlank()) {
        metrics.token("bad_request");
        message.fail(400, "twilioPhoneNumber must be a non-empty string");
        return;
      }
      Optional<DirectoryEntry> entry = directory.get().byPhoneNumber(phoneNumber);
      metrics.token(entry.isPresent() ? "issued" : "unknown_number");
      message.reply(entry.map(issuer::issue).orElseGet(TokenIssuer::refused));
    } catch (RuntimeException e) {
      LOG.error("Token issuing failed", e);
      message.fail(500, "token issuing failed");
    }
  }
}
