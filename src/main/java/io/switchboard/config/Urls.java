package io.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;

/** The shapes of web address the configuration accepts. */
final class Urls {

  private Urls() {
  }

  /** An absolute http(s) URL with a host and no query or fragment. */
  static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getQuery() == null && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** An absolute http(s) URL with a host, no user and no fragment; a query is allowed (a signed download link). */
  static boolean isDownloadUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getUserInfo() == null && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** An http(s) URL whose host is this machine: {@code localhost} or a loopback address. */
  static boolean isLoopback(String text) {
    try {
      String host = new URI(text).getHost();
      return host != null
          && (host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.[0-9]{1,3}){3}"));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** A scheme, host and optional port, as browsers send in {@code Origin}. */
  static boolean isOrigin(String text) {
    try {
      URI uri = new URI(text);
      return isHttpUrl(text) && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
