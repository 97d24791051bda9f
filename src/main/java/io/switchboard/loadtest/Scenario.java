package io.switchboard.loadtest;

import java.util.Locale;

/** Which requests the load tester sends, in what proportions (out of 100); callbacks take what is left. */
enum Scenario {
  MIXED(45, 45, 10),
  INCOMING(100, 0, 0),
  OUTGOING(0, 100, 0),
  TOKEN(0, 0, 100),
  /** Leg status callbacks, each of a call of its own: what call records store. */
  CALLBACKS(0, 0, 0),
  /** Whole calls, each following the server's TwiML as Twilio does: see {@link SimulatedCall}. */
  CALLS(0, 0, 0);

  final int incomingPercent;
  final int outgoingPercent;
  final int tokenPercent;

  Scenario(int incomingPercent, int outgoingPercent, int tokenPercent) {
    this.incomingPercent = incomingPercent;
    this.outgoingPercent = outgoingPercent;
    this.tokenPercent = tokenPercent;
  }

  static Scenario named(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--scenario takes mixed, incoming, outgoing, token, callbacks or calls, not '" + name + "'");
    }
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
