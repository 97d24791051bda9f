package io.switchboard.twiml;

import java.util.Locale;

/**
 * Our side of a call: which way it goes, and the directory's number and client it belongs to. The TwiML writes it
 * into the callback URLs it gives Twilio, so that each callback says which of our calls it reports on.
 *
 * @param twilioNumber the directory's Twilio number, E.164: the one called (incoming) or the caller's (outgoing)
 * @param client       the directory's client: the one rung (incoming) or the caller (outgoing)
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
}
