package io.switchboard.loadtest;

import io.switchboard.twilio.CallWebhook;

/**
 * One request Twilio sends about a simulated call: the full URL it was given (which it signs) and the parameters.
 * A webhook asks what comes next and is answered with TwiML; a callback only reports, and any 2xx acknowledges it.
 */
record TwilioRequest(Kind kind, String url, CallWebhook parameters) {

  enum Kind {
    INCOMING("incoming call", true),
    OUTGOING("outgoing call", true),
    LEG_STATUS("leg status callback", false),
    DIAL_ACTION("Dial action", true),
    RECORD_ACTION("Record action", true),
    RECORDING_STATUS("recording status callback", false),
    CALL_STATUS("call status callback", false);

    final String label;
    final boolean answersWithTwiml;

    Kind(String label, boolean answersWithTwiml) {
      this.label = label;
      this.answersWithTwiml = answersWithTwiml;
    }
  }

  boolean isCallback() {
    return !kind.answersWithTwiml;
  }
}
