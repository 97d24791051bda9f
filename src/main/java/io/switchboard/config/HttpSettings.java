package io.switchboard.config;

import java.util.List;
import java.util.Optional;

/**
 * @param webroot              folder served as the page; when it does not exist, the copy inside the jar is served
 * @param allowedOrigins       origins whose pages may call the API cross-origin; the page's own origin always may
 * @param maxBodyBytes         larger request bodies are refused with 413
 * @param accessLog            one log line per request on the {@code switchboard.access} logger
 * @param shutdownGraceSeconds how long requests in flight may take to finish when the server stops
 * @param tls                  HTTPS (and HTTP/2) with these PEM files; plain HTTP when empty
 * @param clientAddressHeader  the header a trusted proxy puts the client's address in (its last entry is used);
 *                             the connection's own address when empty
 */
public record HttpSettings(String host, int port, String webroot, List<String> allowedOrigins, int maxBodyBytes,
                           boolean accessLog, int shutdownGraceSeconds, Optional<TlsSettings> tls,
                           ConnectionLimits limits, Optional<String> clientAddressHeader) {
}
