package io.switchboard.token;

import com.twilio.jwt.accesstoken.AccessToken;
import com.twilio.jwt.accesstoken.VoiceGrant;
import com.twilio.jwt.client.ClientCapability;
import com.twilio.jwt.client.IncomingClientScope;
import com.twilio.jwt.client.OutgoingClientScope;
import com.twilio.jwt.client.Scope;
import io.switchboard.config.TwilioSettings;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Signs the two tokens a browser client needs: the capability token of the walkthrough (Twilio Client 1.x) and
 * the access token with a Voice grant that the Voice JavaScript SDK 2.x requires.
 */
final class TokenIssuer {

  private final TwilioSettings twilio;
  private final int ttlSeconds;
  private final Clock clock;
  private final byte[] authToken;
  private final byte[] apiKeySecret;

  TokenIssuer(TwilioSettings twilio, int ttlSeconds, Clock clock) {
    this.twilio = twilio;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
    this.authToken = twilio.authToken().getBytes(StandardCharsets.UTF_8);
    this.apiKeySecret = twilio.apiKeySecret().getBytes(StandardCharsets.UTF_8);
  }

  /** The token API's answer for a registered client. */
  JsonObject issue(String client) {
    long expiresAt = clock.instant().getEpochSecond() + ttlSeconds;
    return new JsonObject()
        .put("capabilityToken", capabilityToken(client))
        .put("success", true)
        .put("accessToken", accessToken(client))
        .put("identity", client)
        .put("expiresAt", expiresAt)
        .put("ttlSeconds", ttlSeconds);
  }

  /** The walkthrough's answer for a number that is not in the directory. */
  static JsonObject refused() {
    return new JsonObject().putNull("capabilityToken").put("success", false);
  }

  private String capabilityToken(String clientName) {
    List<Scope> scopes = List.of(
        new IncomingClientScope(clientName),
        new OutgoingClientScope.Builder(twilio.twimlAppSid()).build());
    return new ClientCapability.Builder(twilio.accountSid(), authToken)
        .scopes(scopes)
        .ttl(ttlSeconds)
        .build()
        .toJwt();
  }

  private String accessToken(String clientName) {
    VoiceGrant voice = new VoiceGrant()
        .setIncomingAllow(true)
        .setOutgoingApplicationSid(twilio.twimlAppSid());
    return new AccessToken.Builder(twilio.accountSid(), twilio.apiKeySid(), apiKeySecret)
        .identity(clientName)
        .ttl(ttlSeconds)
        .grant(voice)
        .build()
        .toJwt();
  }
}
