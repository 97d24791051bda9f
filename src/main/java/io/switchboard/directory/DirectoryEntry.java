package io.switchboard.directory;

import io.switchboard.security.SecretHash;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Twilio number, the browser clients that answer for it, and what a call does when none of them answers.
 *
 * @param clients     the clients rung, in the order of the file: together ({@link Ring#ALL}) or one after the other
 * @param ring        how the clients are rung
 * @param ringSeconds how long the group rings ({@link Ring#ALL}) or each client's turn ({@link Ring#SEQUENTIAL});
 *                    empty for the {@code dial.timeoutSeconds} of the configuration
 * @param fallback    what follows when nobody answered; empty to end the call, as an entry always did
 * @param secret      when present, a token for this number is issued only to a request that carries the secret
 * @param presence    whether an incoming call whose clients are all offline goes straight to the fallback; false
 *                    for clients that never open the page (mobile SDKs), which are then always taken as online
 */
public record DirectoryEntry(String phoneNumber, List<String> clients, Ring ring, OptionalInt ringSeconds,
                             Optional<Fallback> fallback, Optional<SecretHash> secret, boolean presence) {

  /** How the clients of an entry are rung. */
  public enum Ring {
    /** Every client in one {@code <Dial>}: the first to answer wins, the others stop ringing. */
    ALL,
    /** One client at a time, each for the entry's ring time, through the Dial action. */
    SEQUENTIAL
  }

  public DirectoryEntry {
    clients = List.copyOf(clients);
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("an entry rings at least one client");
    }
  }

  /** An entry whose clients' presence counts. */
  public DirectoryEntry(String phoneNumber, List<String> clients, Ring ring, OptionalInt ringSeconds,
                        Optional<Fallback> fallback, Optional<SecretHash> secret) {
    this(phoneNumber, clients, ring, ringSeconds, fallback, secret, true);
  }

  /** An entry of the walkthrough: one client, no fallback. */
  public DirectoryEntry(String phoneNumber, String clientName, Optional<SecretHash> secret) {
    this(phoneNumber, List.of(clientName), Ring.ALL, OptionalInt.empty(), Optional.empty(), secret);
  }

  public DirectoryEntry(String phoneNumber, String clientName) {
    this(phoneNumber, clientName, Optional.empty());
  }

  /** How many {@code <Dial>}s the ringing takes before the fallback: one for {@link Ring#ALL}, one a client else. */
  public int ringSteps() {
    return ring == Ring.ALL ? 1 : clients.size();
  }
}
