package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers that keep browsers from misreading or misusing what the server sends. The Content-Security-Policy lets
 * the page load only its own scripts and styles, and talk only to this server and Twilio: the Voice SDK's
 * signalling (wss), its event and ICE endpoints (https) and its ringtones (media).
 */
final class SecurityHeaders implements Handler<RoutingContext> {

  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "media-src 'self' blob: https://*.twilio.com",
      "connect-src 'self' https://*.twilio.com wss://*.twilio.com",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Permissions-Policy", "microphone=(self), camera=(), geolocation=()");
    ctx.next();
  }
}
