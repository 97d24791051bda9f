package io.switchboard.config;

/**
 * The {@code dial} section: how outgoing and incoming calls are dialled.
 *
 * @param timeoutSeconds how long a dialled number or client may ring before the call gives up
 */
public record DialSettings(int timeoutSeconds) {

  static DialSettings from(Section dial) {
    // Twilio's own bounds for <Dial timeout>.
    DialSettings settings = new DialSettings(dial.integer("timeoutSeconds", 60, 5, 600));
    dial.rejectUnknownKeys();
    return settings;
  }
}
