package io.switchboard.config;

import java.util.Optional;

/** The {@code management} section: where {@code /health} and {@code /metrics} are served off the public port. */
public record ManagementSettings(String host, int port) {

  /** Empty when the section is left out: health and metrics are then served on the public port. */
  static Optional<ManagementSettings> from(Section management, HttpSettings http) {
    if (management.isEmpty()) {
      return Optional.empty();
    }
    String host = management.string("host", "127.0.0.1");
    int port = management.integer("port", 9090, 1, 65_535);
    if (port == http.port()) {
      throw management.error("port", "must differ from http.port; leave management out to serve health and metrics there");
    }
    management.rejectUnknownKeys();
    return Optional.of(new ManagementSettings(host, port));
  }
}
