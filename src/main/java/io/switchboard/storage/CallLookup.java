package io.switchboard.storage;

/** One call, asked for by {@code client}: found only if it involves that client. */
public record CallLookup(String client, String callSid) {
}
