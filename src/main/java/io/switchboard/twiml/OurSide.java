package io.switchboard.twiml;

import java.util.Locale;

/**
 * Our side of a call: which way it goes, and the directory's number and client it belongs to. The TwiML writes it
 * into the callback URLs it gives Twilio, so that each callback says which of our calls it reports on.
 *
 * @param twilioNumber the directory's Twilio number, E.164: the one called (incoming) or the caller's (outgoing)
 * @param client       the directory's client: the one rung (incoming) or the caller (outgoing); empty for an
 *                     incoming call that rings several clients at once, or is forwarded to a phone
 */
record OurSide(Direction direction, String twilioNumber, String client) {

  enum Direction {
    /** A phone calls one of our numbers. */
    INCOMING,
    /** One of our clients calls out. */
    OUTGOING;

    /** As the query writes it. */
    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An incoming call to {@code twilioNumber} that is not ringing any one client (a group, a forward). */
  static OurSide incoming(String twilioNumber) {
    return new OurSide(Direction.INCOMING, twilioNumber, "");
  }

  /**
   * The side that the status callbacks of the leg to {@code rung} name: the client rung on an incoming call, the
   * caller on an outgoing one, whoever it rings.
   */
  OurSide ofLeg(String rung) {
    return direction == Direction.INCOMING ? new OurSide(direction, twilioNumber, rung) : this;
  }
}
