package io.switchboard.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The media type of a request body, parameters such as {@code charset} aside. */
final class MediaType {

  private MediaType() {
  }

  static boolean is(RoutingContext ctx, String mediaType) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null) {
      return false;
    }
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().equalsIgnoreCase(mediaType);
  }
}
