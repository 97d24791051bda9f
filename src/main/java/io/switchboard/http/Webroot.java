package io.switchboard.http;

import io.switchboard.config.HttpSettings;
import io.vertx.core.internal.net.RFC3986;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the page is served from: the configured folder when it exists, else the copy packed in the jar. */
public final class Webroot {

  /** Class-path folder of the copy inside the jar. */
  static final String IN_JAR = "webroot";
  /** Where the page finds the pinned browser libraries, and where the build puts them inside the jar. */
  static final String VENDOR_PATH = "/vendor/";
  static final String VENDOR_IN_JAR = IN_JAR + "/vendor";

  private Webroot() {
  }

  /**
   * The file a request asks for, as vertx-web's StaticHandler will read it: percent-decoded (%2F included),
   * backslashes taken as slashes, dot segments removed. Checks on the path must see this one, not the raw path.
   *
   * @throws IllegalArgumentException when the path has a broken escape
   */
  static String requestedFile(RoutingContext ctx) {
    return RFC3986.removeDotSegments(RFC3986.decodeURIComponent(ctx.normalizedPath(), false).replace('\\', '/'));
  }

  /** The configured webroot folder as an absolute path, when it exists. */
  public static Optional<Path> folder(HttpSettings http) {
    Path folder = Path.of(http.webroot()).toAbsolutePath().normalize();
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }
}
