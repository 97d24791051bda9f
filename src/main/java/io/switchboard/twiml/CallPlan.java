package io.switchboard.twiml;

import java.util.Locale;

/** What to do with a call, decided from the webhook and the directory, before any TwiML is written. */
sealed interface CallPlan {

  /** The plan's kind, as a metrics label. */
  String outcome();

  /**
   * Ring a browser client. {@code callerId} is null to keep Twilio's default.
   *
   * @param side our side of the call, which the callback URLs name
   */
  record DialClient(String clientName, String callerId, OurSide side) implements CallPlan {
    @Override
    public String outcome() {
      return "dial_client";
    }
  }

  /**
   * Dial a phone number in E.164 with the caller's own number as caller ID.
   *
   * @param side our side of the call, which the callback URLs name
   */
  record DialNumber(String phoneNumber, String callerId, OurSide side) implements CallPlan {
    @Override
    public String outcome() {
      return "dial_number";
    }
  }

  /** End the call: what follows a {@code <Dial>} that is over. */
  record HangUp() implements CallPlan {
    @Override
    public String outcome() {
      return "hang_up";
    }
  }

  /**
   * Tell the caller, in words, why the call cannot go through; then hang up.
   *
   * @param spokenReason what the caller hears: never text the caller chose
   */
  record Refuse(RefusalReason reason, String spokenReason) implements CallPlan {

    Refuse(RefusalReason reason) {
      this(reason, reason.spokenReason);
    }

    @Override
    public String outcome() {
      return "refused";
    }
  }

  /** Why a call is refused: a fixed set, so that it can label a metric. */
  enum RefusalReason {
    UNKNOWN_NUMBER("An error occurred. The Twilio phone number called is invalid."),
    UNREGISTERED_CLIENT("An error occurred. This client is not registered."),
    SPOOFED_CALLER_ID("An error occurred. The caller number is not the number of this client."),
    INVALID_DESTINATION("An error occurred. The number you called is invalid."),
    COUNTRY_NOT_ALLOWED("The number you called is in a country that this phone may not call."),
    NUMBER_TYPE_BLOCKED("The number you called is a premium rate or other costly number that this phone may not call."),
    RATE_LIMITED("This phone has made too many calls in the last hour. Please try again later.");

    private final String spokenReason;

    RefusalReason(String spokenReason) {
      this.spokenReason = spokenReason;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
