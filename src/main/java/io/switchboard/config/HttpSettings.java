package io.switchboard.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code http} section: the public listener.
 *
 * @param webroot              folder served as the page; when it does not exist, the copy inside the jar is served
 * @param allowedOrigins       origins whose pages may call the API cross-origin; the page's own origin always may
 * @param maxBodyBytes         larger request bodies are refused with 413
 * @param accessLog            one log line per request on the {@code switchboard.access} logger
 * @param shutdownGraceSeconds how long requests in flight may take to finish when the server stops
 * @param tls                  HTTPS (and HTTP/2) with these PEM files; plain HTTP when empty
 * @param clientAddressHeader  the header a trusted proxy puts the client's address in (its last entry is used);
 *                             the connection's own address when empty
 * @param metricsAccess        who may read {@code /metrics} on this port when there is no management port
 */
public record HttpSettings(String host, int port, String webroot, List<String> allowedOrigins, int maxBodyBytes,
                           boolean accessLog, int shutdownGraceSeconds, Optional<TlsSettings> tls,
                           ConnectionLimits limits, Optional<String> clientAddressHeader,
                           MetricsAccess metricsAccess) {

  static HttpSettings from(Section http) {
    String host = http.string("host", "0.0.0.0");
    int port = http.integer("port", 8080, 0, 65_535);
    String webroot = http.string("webroot", "webroot");
    Section cors = http.section("cors");
    List<String> origins = cors.strings("allowedOrigins");
    for (String origin : origins) {
      if (!Urls.isOrigin(origin)) {
        throw cors.error("allowedOrigins", "'" + origin + "' is not an origin like https://phone.example.com");
      }
    }
    cors.rejectUnknownKeys();
    int maxBodyBytes = http.integer("maxBodyBytes", 16_384, 256, 1_048_576);
    boolean accessLog = http.bool("accessLog", true);
    int shutdownGraceSeconds = http.integer("shutdownGraceSeconds", 3, 0, 60);
    Optional<TlsSettings> tls = TlsSettings.from(http.section("tls"));
    ConnectionLimits limits = ConnectionLimits.from(http);
    Optional<String> clientAddressHeader = Optional.ofNullable(http.string("clientAddressHeader", null));
    MetricsAccess metricsAccess = http.choice("metricsAccess", MetricsAccess.class, MetricsAccess.LOOPBACK);
    http.rejectUnknownKeys();
    return new HttpSettings(host, port, webroot, origins, maxBodyBytes, accessLog, shutdownGraceSeconds, tls, limits,
        clientAddressHeader, metricsAccess);
  }
}
