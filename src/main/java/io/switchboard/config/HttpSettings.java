package io.switchboard.config;

import java.util.List;

/**
 * @param webroot        folder served as the page; when it does not exist, the copy inside the jar is served
 * @param allowedOrigins origins whose pages may call the API cross-origin; the page's own origin always may
 * @param maxBodyBytes   larger request bodies are refused with 413
 */
public record HttpSettings(String host, int port, String webroot, List<String> allowedOrigins, int maxBodyBytes) {
}
