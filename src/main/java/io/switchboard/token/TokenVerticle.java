package io.switchboard.token;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Issues Twilio tokens for the browser client registered for a Twilio number. */
public final class TokenVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerticle.class);

  private final Directory directory;
  private final TokenIssuer issuer;

  public TokenVerticle(SwitchboardConfig config) {
    this.directory = config.directory();
    this.issuer = new TokenIssuer(config.twilio(), config.tokenTtlSeconds(), Clock.systemUTC());
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(TokenAddresses.ISSUE, this::issue).completion();
  }

  private void issue(Message<JsonObject> message) {
    try {
      Object number = message.body() == null ? null : message.body().getValue("twilioPhoneNumber");
      if (!(number instanceof String phoneNumber) || phoneNumber.isBlank()) {
        message.fail(400, "twilioPhoneNumber must be a non-empty string");
        return;
      }
      message.reply(directory.byPhoneNumber(phoneNumber)
          .map(issuer::issue)
          .orElseGet(TokenIssuer::refused));
    } catch (RuntimeException e) {
      LOG.error("Token issuing failed", e);
      message.fail(500, "token issuing failed");
    }
  }
}
