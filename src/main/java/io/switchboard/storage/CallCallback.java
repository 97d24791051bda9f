package io.switchboard.storage;

import io.switchboard.twiml.CallParameters;

import java.time.Instant;
import java.util.Map;

/**
 * One of Twilio's callbacks about a call, as the webhook received it: its values are checked by the store, which
 * refuses (400) a callback that lacks what it needs. Each value is Twilio's text, stripped; empty when absent.
 *
 * @param callSid        the call it belongs to: the parent call's SID
 * @param legSid         the leg it reports on: see {@link CallEvent#legSid()}
 * @param status         {@code CallStatus}, or {@code DialCallStatus} for the Dial action
 * @param sequenceNumber {@code SequenceNumber}
 * @param timestamp      {@code Timestamp}, as Twilio writes it ({@code Tue, 31 Aug 2010 20:36:28 +0000})
 * @param duration       {@code CallDuration}, or {@code DialCallDuration} for the Dial action, in seconds
 * @param direction      the query's {@code direction}: {@code incoming} or {@code outgoing}; empty for the
 *                       call's own status callback, which has no query
 * @param twilioNumber   the query's {@code number}
 * @param client         the query's {@code client}
 * @param receivedAt     when it arrived: the event's time where Twilio sends no {@code Timestamp}
 */
public record CallCallback(Kind kind, String callSid, String legSid, String status, String sequenceNumber,
                           String timestamp, String from, String to, String duration, String direction,
                           String twilioNumber, String client, Instant receivedAt) {

  /** Which callback it is: each names its values differently. */
  public enum Kind {
    /** The {@code statusCallback} of a {@code <Client>} or {@code <Number>} leg. */
    LEG_STATUS("leg-status"),
    /** The parent call's status callback, set by an operator on the number or the TwiML App. */
    CALL_STATUS("call-status"),
    /** The {@code <Dial action>}: the outcome of the dial. */
    DIAL_ACTION("dial-action");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The name stored and shown in {@link CallEvent#kind()}. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * @param form  the callback's POST parameters
   * @param query the query string of the callback URL that our TwiML gave Twilio ({@code direction},
   *              {@code number}, {@code client}); signed with the URL, so trusted once the signature is. Empty
   *              for {@link Kind#CALL_STATUS}.
   */
  public static CallCallback from(Kind kind, CallParameters form, Map<String, String> query) {
    Map<String, String> values = form.byName();
    String callSid = text(values, kind == Kind.LEG_STATUS ? "ParentCallSid" : "CallSid");
    String legSid = text(values, kind == Kind.DIAL_ACTION ? "DialCallSid" : "CallSid");
    String status = text(values, kind == Kind.DIAL_ACTION ? "DialCallStatus" : "CallStatus");
    String duration = text(values, kind == Kind.DIAL_ACTION ? "DialCallDuration" : "CallDuration");
    return new CallCallback(kind, callSid, legSid, status, text(values, "SequenceNumber"),
        text(values, "Timestamp"), text(values, "From"), text(values, "To"), duration, text(query, "direction"),
        text(query, "number"), text(query, "client"), Instant.now());
  }

  private static String text(Map<String, String> values, String name) {
    String value = values.get(name);
    return value == null ? "" : value.strip();
  }
}
