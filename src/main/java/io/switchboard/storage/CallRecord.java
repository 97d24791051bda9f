package io.switchboard.storage;

import java.time.Instant;
import java.util.List;

/**
 * A call as derived from all its callbacks ({@link CallDerivation}). The times and the duration are null until a
 * callback tells them.
 *
 * @param callSid      the parent call's SID: a call is its parent, whatever legs it rang
 * @param direction    {@code incoming} (to a Twilio number) or {@code outgoing} (from a client)
 * @param from         incoming: the caller; outgoing: the caller ID, the client's Twilio number
 * @param to           incoming: the Twilio number; outgoing: the destination
 * @param twilioNumber the directory's number the call went through (E.164), empty if no callback named it
 * @param clients      the clients on our side: the ones rung (incoming) or the caller (outgoing)
 * @param status       a final status ({@code completed}, {@code no-answer}, {@code busy}, {@code failed},
 *                     {@code canceled}) or, while the call lasts, the furthest it got ({@code initiated},
 *                     {@code ringing}, {@code in-progress})
 * @param answeredBy   the client or number that answered; null if none did
 * @param events       oldest first; empty in a {@link CallPage}
 * @param voicemail    the id of the voicemail left on the call; null if none was
 */
public record CallRecord(String callSid, String direction, String from, String to, String twilioNumber,
                         List<String> clients, String status, Instant startedAt, Instant ringingAt,
                         Instant answeredAt, Instant endedAt, Integer durationSeconds, String answeredBy,
                         List<CallEvent> events, String voicemail) {

  public CallRecord {
    clients = List.copyOf(clients);
    events = List.copyOf(events);
  }

  /** A call as its own callbacks tell it: whether it went to voicemail is the recordings' to say. */
  public CallRecord(String callSid, String direction, String from, String to, String twilioNumber,
                    List<String> clients, String status, Instant startedAt, Instant ringingAt, Instant answeredAt,
                    Instant endedAt, Integer durationSeconds, String answeredBy, List<CallEvent> events) {
    this(callSid, direction, from, to, twilioNumber, clients, status, startedAt, ringingAt, answeredAt, endedAt,
        durationSeconds, answeredBy, events, null);
  }

  public CallRecord withVoicemail(String recordingSid) {
    return new CallRecord(callSid, direction, from, to, twilioNumber, clients, status, startedAt, ringingAt,
        answeredAt, endedAt, durationSeconds, answeredBy, events, recordingSid);
  }
}
