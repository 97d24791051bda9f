package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.stream.Stream;

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

  /** Names and values made once, with their hashes and bytes ready: set on every response, webhooks included. */
  private static final CharSequence[][] HEADERS = Stream.of(
          new String[] {"Content-Security-Policy", CONTENT_SECURITY_POLICY},
          new String[] {"X-Content-Type-Options", "nosniff"},
          new String[] {"Referrer-Policy", "no-referrer"},
          new String[] {"X-Frame-Options", "DENY"},
          new String[] {"Permissions-Policy", "microphone=(self), camera=(), geolocation=()"})
      .map(header -> new CharSequence[] {HttpHeaders.createOptimized(header[0]), HttpHeaders.createOptimized(header[1])})
      .toArray(CharSequence[][]::new);

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    // Added, not set: nothing before this handler puts headers, so there is none to replace.
    for (CharSequence[] header : HEADERS) {
      headers.add(header[0], header[1]);
    }
    ctx.next();
  }
}
