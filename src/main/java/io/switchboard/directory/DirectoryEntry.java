package io.switchboard.directory;

import io.switchboard.security.SecretHash;

import java.util.Optional;

/**
 * A Twilio number and the browser client that answers for it.
 *
 * @param secret when present, a token for this number is issued only to a request that carries the secret
 */
public record DirectoryEntry(String phoneNumber, String clientName, Optional<SecretHash> secret) {

  public DirectoryEntry(String phoneNumber, String clientName) {
    this(phoneNumber, clientName, Optional.empty());
  }
}
