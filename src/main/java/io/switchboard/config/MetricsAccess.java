package io.switchboard.config;

/**
 * {@code http.metricsAccess}: who may read {@code /metrics} on the public port when no management port is set.
 * Operational data (request counts, failures, JVM state) is not for the internet, so the default is loopback;
 * {@code /health} is always public, for load balancers.
 */
public enum MetricsAccess {
  /**
   * Only clients on this machine: the connection comes from loopback, and so does the client address a configured
   * {@code http.clientAddressHeader} gives; without that setting, a request relayed by a proxy ({@code Forwarded},
   * {@code X-Forwarded-For} or {@code X-Real-IP} present) is refused, since it was relayed for someone else.
   */
  LOOPBACK,
  /** Anyone who reaches the port, e.g. a Prometheus on another machine with the port firewalled. */
  PUBLIC
}
