package io.switchboard.twiml;

/** What to do with a call, decided from the webhook and the directory, before any TwiML is written. */
sealed interface CallPlan {

  /** The plan's kind, as a metrics label. */
  String outcome();

  /** Ring a browser client. {@code callerId} is null to keep Twilio's default. */
  record DialClient(String clientName, String callerId) implements CallPlan {
    @Override
    public String outcome() {
      return "dial_client";
    }
  }

  /** Dial a phone number in E.164 with the caller's own number as caller ID. */
  record DialNumber(String phoneNumber, String callerId) implements CallPlan {
    @Override
    public String outcome() {
      return "dial_number";
    }
  }

  /** Tell the caller, in words, why the call cannot go through; then hang up. */
  record Refuse(String spokenReason) implements CallPlan {
    @Override
    public String outcome() {
      return "refused";
    }
  }
}
