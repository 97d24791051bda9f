package io.switchboard.storage;

import java.time.Instant;

/**
 * A message left on one of a client's numbers.
 *
 * @param id              the recording's SID
 * @param callSid         the call it was left on
 * @param from            who left it: the caller; empty when neither the callback nor the call record says
 * @param to              the number called
 * @param receivedAt      when the recording's callback arrived
 * @param durationSeconds at least {@value RecordingEvent#MIN_VOICEMAIL_SECONDS}
 * @param heard           whether the client marked it heard
 */
public record Voicemail(String id, String callSid, String from, String to, Instant receivedAt, int durationSeconds,
                        boolean heard) {
}
