package io.switchboard.directory;

/** A Twilio number and the browser client that answers for it. */
public record DirectoryEntry(String phoneNumber, String clientName) {
}
