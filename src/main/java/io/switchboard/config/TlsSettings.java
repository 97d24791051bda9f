package io.switchboard.config;

/** PEM files of the server's certificate (chain) and private key. */
public record TlsSettings(String certPath, String keyPath) {
}
