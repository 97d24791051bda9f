package io.switchboard.twiml;

import io.switchboard.directory.Fallback;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What to do with a call, decided from the webhook and the directory, before any TwiML is written. */
sealed interface CallPlan {

  /** The plan's kind, as a metrics label. */
  String outcome();

  /**
   * Ring browser clients together, in one {@code <Dial>}. {@code callerId} is null to keep Twilio's default.
   *
   * @param side  our side of the call, which the callback URLs name (for each leg: {@link OurSide#ofLeg})
   * @param stage where the call is in its entry's flow, for the Dial action to take it on; empty when the dial
   *              ends the call whatever its outcome
   */
  record DialClients(List<String> clients, String callerId, int timeoutSeconds, OurSide side, Optional<Stage> stage)
      implements CallPlan {

    public DialClients {
      clients = List.copyOf(clients);
    }

    @Override
    public String outcome() {
      return "dial_client";
    }
  }

  /**
   * Dial a phone number in E.164: a client's call out, or an incoming call forwarded.
   *
   * @param side  our side of the call, which the callback URLs name
   * @param stage where the call is in its entry's flow (a forward), for the Dial action to take it on
   */
  record DialNumber(String phoneNumber, String callerId, int timeoutSeconds, OurSide side, Optional<Stage> stage)
      implements CallPlan {
    @Override
    public String outcome() {
      return "dial_number";
    }
  }

  /**
   * Greet the caller and record a message, reported to the recording status callback under {@code twilioNumber}.
   */
  record TakeMessage(Fallback.Voicemail voicemail, String twilioNumber) implements CallPlan {
    @Override
    public String outcome() {
      return "voicemail";
    }
  }

  /** Thank the caller for the message, in the voicemail's language, and end the call. */
  record ThankAndHangUp(String language) implements CallPlan {

    static final String THANKS = "Thank you. Goodbye.";

    @Override
    public String outcome() {
      return "thank_and_hang_up";
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

  /**
   * Where an incoming call is in its entry's flow: the {@code step}-th ring (from 1), or the forward. The Dial
   * action's URL carries it in its query, which Twilio signs, so that the next step is a function of the entry and
   * the query alone.
   */
  record Stage(Kind kind, int step) {

    /** The forward to a phone, after the ringing. */
    static final Stage FORWARD = new Stage(Kind.FORWARD, 0);

    enum Kind { RING, FORWARD }

    /** Far more steps than any entry has: a step is a client rung in turn. */
    private static final int MAX_STEP = 10_000;

    static Stage ring(int step) {
      return new Stage(Kind.RING, step);
    }

    /** The stage that a Dial action's query names; empty when it names none, or none that our TwiML writes. */
    static Optional<Stage> of(Map<String, String> query) {
      String stage = query.getOrDefault("stage", "");
      if ("forward".equals(stage)) {
        return Optional.of(FORWARD);
      }
      if (!"ring".equals(stage)) {
        return Optional.empty();
      }
      String step = query.getOrDefault("step", "");
      if (!step.matches("[1-9][0-9]{0,4}") || Integer.parseInt(step) > MAX_STEP) {
        return Optional.empty();
      }
      return Optional.of(ring(Integer.parseInt(step)));
    }
  }

  /** Why a call is refused: a fixed set, so that it can label a metric. */
  enum RefusalReason {
    UNKNOWN_NUMBER("An error occurred. The Twilio phone number called is invalid."),
    ENTRY_REMOVED("An error occurred. The Twilio phone number called is no longer in service. Goodbye."),
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
