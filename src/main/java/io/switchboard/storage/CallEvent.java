package io.switchboard.storage;

import java.time.Instant;

/**
 * One callback of a call, as stored.
 *
 * @param legSid         the leg it reports on: the child {@code CallSid} of a leg, the {@code DialCallSid} of the
 *                       Dial action (empty when Twilio created no leg), the call's own SID for the call's status
 * @param kind           {@link CallCallback.Kind#wireName()}
 * @param status         Twilio's {@code CallStatus}, or {@code DialCallStatus} for the Dial action
 * @param sequenceNumber Twilio's {@code SequenceNumber} of the leg's callbacks; null where Twilio sends none
 * @param at             Twilio's {@code Timestamp}, or when the callback arrived where Twilio sends none
 */
public record CallEvent(String legSid, String kind, String status, Integer sequenceNumber, Instant at) {
}
