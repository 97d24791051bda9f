package io.switchboard.twiml;

/**
 * Event-bus addresses of the TwiML verticle. Each takes the webhook's POST parameters as {@link CallParameters} and
 * replies the TwiML document as a string. A call that cannot be connected is still answered with TwiML: a
 * spoken error, never a {@code <Dial>}; they fail only on an internal error, with a
 * {@link io.switchboard.bus.Refusal} of 500.
 */
public final class TwimlAddresses {

  /** A phone calls a Twilio number: ring the browser client registered for it ({@code To}). */
  public static final String CALL_INCOMING = "switchboard.twiml.call-incoming";

  /** A browser client calls out through the TwiML App ({@code From} = {@code client:<name>}). */
  public static final String CALL_OUTGOING = "switchboard.twiml.call-outgoing";

  /**
   * Twilio reports how a {@code <Dial>} ended ({@code DialCallStatus}): what the call does next. The query names the
   * call's side in the directory, as the TwiML of the call wrote it into the URL.
   */
  public static final String DIAL_ACTION = "switchboard.twiml.dial-action";

  /**
   * Twilio reports that a voicemail's {@code <Record>} is over: thank the caller and end the call. The query names
   * the number called.
   */
  public static final String RECORD_ACTION = "switchboard.twiml.record-action";

  private TwimlAddresses() {
  }
}
