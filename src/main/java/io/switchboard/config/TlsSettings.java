package io.switchboard.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** PEM files of the server's certificate (chain) and private key. */
public record TlsSettings(String certPath, String keyPath) {

  /** The {@code http.tls} section; empty when it is left out, for plain HTTP. */
  static Optional<TlsSettings> from(Section tls) {
    if (tls.isEmpty()) {
      return Optional.empty();
    }
    String certPath = readableFile(tls, "certPath");
    String keyPath = readableFile(tls, "keyPath");
    tls.rejectUnknownKeys();
    return Optional.of(new TlsSettings(certPath, keyPath));
  }

  private static String readableFile(Section section, String key) {
    String path = section.requiredString(key);
    if (!Files.isReadable(Path.of(path))) {
      throw section.error(key, "'" + path + "' is not a readable file");
    }
    return path;
  }
}
