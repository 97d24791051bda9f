package io.switchboard.http;

import io.switchboard.api.BrowserApi;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers that keep browsers from misreading or misusing what the server sends, in two sets.
 *
 * <p>Pages get a Content-Security-Policy that lets them load only their own scripts and styles, and talk only to
 * this server and Twilio: the Voice SDK's signalling (wss), its event and ICE endpoints (https) and its ringtones
 * (media). The APIs' JSON and TwiML (the three public paths and the browser's API) are no page: they get a policy
 * that allows nothing, and {@code no-store}, so that no cache keeps a token or a call record; the page's long policy
 * on every webhook only cost both sides its bytes.
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
  static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private static final CharSequence[][] FOR_PAGES = optimized(
      "Content-Security-Policy", CONTENT_SECURITY_POLICY,
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY",
      "Permissions-Policy", "microphone=(self), camera=(), geolocation=()");
  private static final CharSequence[][] FOR_APIS = optimized(
      "Content-Security-Policy", API_CONTENT_SECURITY_POLICY,
      "X-Content-Type-Options", "nosniff",
      "Cache-Control", "no-store");

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    // Added, not set: nothing before this handler puts headers, so there is none to replace.
    for (CharSequence[] header : isApi(ctx.normalizedPath()) ? FOR_APIS : FOR_PAGES) {
      headers.add(header[0], header[1]);
    }
    ctx.next();
  }

  private static boolean isApi(String path) {
    return ApiPaths.ALL.contains(path) || path.startsWith(BrowserApi.PREFIX);
  }

  /** Names and values made once, with their hashes and bytes ready: they go on every response. */
  private static CharSequence[][] optimized(String... namesAndValues) {
    CharSequence[][] headers = new CharSequence[namesAndValues.length / 2][];
    for (int i = 0; i < headers.length; i++) {
      headers[i] = new CharSequence[] {
          HttpHeaders.createOptimized(namesAndValues[2 * i]), HttpHeaders.createOptimized(namesAndValues[2 * i + 1])};
    }
    return headers;
  }
}
