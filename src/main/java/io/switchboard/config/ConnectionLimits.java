package io.switchboard.config;

/**
 * Bounds on what one connection may cost, so that slow or idle clients cannot starve the server.
 *
 * @param maxHeaderBytes        larger request headers are refused (431)
 * @param idleTimeoutSeconds    a connection with nothing sent or received for this long is closed
 * @param requestTimeoutSeconds a request not fully received and answered within this is cut off
 */
public record ConnectionLimits(int maxHeaderBytes, int idleTimeoutSeconds, int requestTimeoutSeconds) {

  /** Reads its keys from the {@code http} section itself, where they are written. */
  static ConnectionLimits from(Section http) {
    return new ConnectionLimits(
        http.integer("maxHeaderBytes", 8_192, 1_024, 65_536),
        http.integer("idleTimeoutSeconds", 30, 1, 3_600),
        http.integer("requestTimeoutSeconds", 10, 1, 300));
  }
}
