package io.switchboard.api;

import io.switchboard.config.TwilioSettings;
import io.switchboard.directory.Directory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.HttpException;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a request of the browser's API through only with the access token that the token API issued to one of the
 * directory's clients: {@code Authorization: Bearer}, HS256 with the API key secret (no other algorithm, never
 * {@code none}), unexpired, issued by our API key ({@code iss}) for our account ({@code sub}). The identity must
 * be a client of the directory in force, so that a client removed by a reload loses its access at once, not when
 * its token expires. The client's name is left on the context ({@link #client}); anything else is 401.
 */
public final class AccessTokenAuth implements AuthenticationHandler {

  private static final String CLIENT = AccessTokenAuth.class.getName() + ".client";
  private static final String BEARER = "Bearer ";
  private static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");

  private final JWTAuth tokens;
  private final String accountSid;
  private final Supplier<Directory> directory;

  public AccessTokenAuth(Vertx vertx, TwilioSettings twilio, Supplier<Directory> directory) {
    this.tokens = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(twilio.apiKeySecret()))
        .setJWTOptions(new JWTOptions().setIssuer(twilio.apiKeySid())));
    this.accountSid = twilio.accountSid();
    this.directory = directory;
  }

  /** The client the request's token was issued to; set on every request this handler let through. */
  public static String client(RoutingContext ctx) {
    return ctx.get(CLIENT);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refuse(ctx, "Bearer", "an access token is required: Authorization: Bearer <token>");
      return;
    }
    tokens.authenticate(new TokenCredentials(authorization.substring(BEARER.length()).strip()))
        .map(this::registeredClient)
        .onComplete(checked -> {
          if (checked.succeeded() && checked.result().isPresent()) {
            ctx.put(CLIENT, checked.result().get());
            ctx.next();
          } else {
            refuse(ctx, "Bearer error=\"invalid_token\"", "the access token is invalid or expired");
          }
        });
  }

  /**
   * Lets the request through as {@code client}, vouched for by something other than a token (an audio ticket), when
   * it is a client of the directory in force; else 401, as for a bad token.
   */
  void admit(RoutingContext ctx, Optional<String> client) {
    if (client.isPresent() && directory.get().byClientName(client.get()).isPresent()) {
      ctx.put(CLIENT, client.get());
      ctx.next();
    } else {
      refuse(ctx, "Bearer error=\"invalid_token\"", "the ticket is invalid or expired");
    }
  }

  /** The token's identity when the rest of it is ours and the identity is a client of the directory in force. */
  private Optional<String> registeredClient(User user) {
    // The signature, the issuer and any expiry are checked by JWTAuth; a token that never expires is not ours.
    if (!(user.get("exp") instanceof Number) || !accountSid.equals(user.get("sub"))
        || !(user.get("grants") instanceof JsonObject grants)
        || !(grants.getValue("identity") instanceof String identity)) {
      return Optional.empty();
    }
    return directory.get().byClientName(identity).map(entry -> identity);
  }

  private static void refuse(RoutingContext ctx, String challenge, String reason) {
    ctx.response().putHeader(WWW_AUTHENTICATE, challenge);
    ctx.fail(new HttpException(401, reason));
  }
}
