package io.switchboard.config;

/**
 * The {@code calls} section.
 *
 * @param record whether the TwiML asks Twilio for each call's life (status callbacks, Dial action) to store it;
 *               when false the two call webhooks answer the TwiML they answered before call records existed
 */
public record CallsSettings(boolean record) {

  static CallsSettings from(Section calls) {
    CallsSettings settings = new CallsSettings(calls.bool("record", true));
    calls.rejectUnknownKeys();
    return settings;
  }
}
