package io.switchboard.config;

import io.switchboard.twilio.RetryOverrides;

/**
 * The {@code calls} section.
 *
 * @param record          whether the TwiML asks Twilio for each call's life (status callbacks, Dial action) to store
 *                        it; when false the two call webhooks answer the TwiML they answered before call records
 *                        existed
 * @param callbackRetries how many more times Twilio may send a callback that failed (a 503 from a store that is down
 *                        or full), asked in each callback URL's fragment; 0 to 5, 0 asks nothing
 */
public record CallsSettings(boolean record, int callbackRetries) {

  static CallsSettings from(Section calls) {
    CallsSettings settings = new CallsSettings(calls.bool("record", true), calls.integer("callbackRetries",
        RetryOverrides.DEFAULT, 0, RetryOverrides.MOST));
    calls.rejectUnknownKeys();
    return settings;
  }
}
