package io.switchboard.config;

/** A configuration that cannot be used; the message names the file and the key, and is safe to print. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
