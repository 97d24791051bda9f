package io.switchboard.http;

import io.switchboard.config.HttpSettings;

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

  /** The configured webroot folder as an absolute path, when it exists. */
  public static Optional<Path> folder(HttpSettings http) {
    Path folder = Path.of(http.webroot()).toAbsolutePath().normalize();
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }
}
