package io.switchboard.config;

/** Where {@code /health} and {@code /metrics} are served when they are kept off the public port. */
public record ManagementSettings(String host, int port) {
}
