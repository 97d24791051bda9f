package io.switchboard.storage;

import io.switchboard.storage.CallCallback.Kind;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A callback checked and ready to store: one row of {@code call_events}. Its key, (call, leg, kind, status), is
 * what makes a repeated delivery insert nothing: each leg reports each status once.
 *
 * @param direction    {@code incoming} or {@code outgoing}
 * @param twilioNumber empty when the callback does not name it
 * @param client       empty when the callback does not name it
 */
record CallbackEvent(String callSid, String legSid, Kind kind, String status, Integer sequenceNumber, Instant at,
                     String from, String to, Integer durationSeconds, String direction, String twilioNumber,
                     String client) implements StoredCallback {

  static final Set<String> FINAL_STATUSES = Set.of("completed", "busy", "no-answer", "failed", "canceled");
  private static final Set<String> CALL_STATUSES = Set.of(
      "queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled");
  private static final Set<String> DIAL_STATUSES = Set.of(
      "answered", "completed", "busy", "no-answer", "failed", "canceled");
  private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
  /** Longer than any phone number, SIP address or client name Twilio accepts: the columns' width. */
  private static final int MAX_TEXT = 256;
  private static final String CLIENT_PREFIX = "client:";

  /**
   * @throws IllegalArgumentException saying what the callback lacks, for a 400
   */
  static CallbackEvent of(CallCallback callback) {
    Kind kind = callback.kind();
    require(CALL_SID.matcher(callback.callSid()).matches(),
        kind == Kind.LEG_STATUS ? "ParentCallSid must be a call SID" : "CallSid must be a call SID");
    boolean noLeg = kind == Kind.DIAL_ACTION && callback.legSid().isEmpty();
    require(noLeg || CALL_SID.matcher(callback.legSid()).matches(),
        kind == Kind.DIAL_ACTION ? "DialCallSid must be a call SID" : "CallSid must be a call SID");
    require((kind == Kind.DIAL_ACTION ? DIAL_STATUSES : CALL_STATUSES).contains(callback.status()),
        (kind == Kind.DIAL_ACTION ? "DialCallStatus" : "CallStatus") + " is not a call status");
    require(callback.from().length() <= MAX_TEXT && callback.to().length() <= MAX_TEXT
        && callback.client().length() <= MAX_TEXT && callback.twilioNumber().length() <= MAX_TEXT,
        "a value is too long");

    String direction = callback.direction();
    String twilioNumber = callback.twilioNumber();
    String client = callback.client();
    if (kind == Kind.CALL_STATUS) {
      // The call's own callback has no query: a call from a browser client is one through the TwiML App.
      boolean outgoing = callback.from().startsWith(CLIENT_PREFIX);
      direction = outgoing ? "outgoing" : "incoming";
      twilioNumber = outgoing ? "" : callback.to();
      client = outgoing ? callback.from().substring(CLIENT_PREFIX.length()) : "";
    } else {
      require(direction.equals("incoming") || direction.equals("outgoing"), "direction must be incoming or outgoing");
      // A dial to a ring group, and the forward's leg, ring no one client: the query names the number, and the
      // call's clients come from its client legs. An outgoing call is always its caller's.
      require(!client.isEmpty() || direction.equals("incoming") && !twilioNumber.isEmpty(),
          direction.equals("incoming") ? "number is required" : "client is required");
    }
    Instant at = callback.timestamp().isEmpty() ? callback.receivedAt() : timestamp(callback.timestamp());
    return new CallbackEvent(callback.callSid(), callback.legSid(), kind, callback.status(),
        wholeNumber(callback.sequenceNumber(), "SequenceNumber"), at.truncatedTo(ChronoUnit.MICROS),
        callback.from(), callback.to(), wholeNumber(callback.duration(), "the duration"), direction, twilioNumber,
        client);
  }

  boolean isFinal() {
    return FINAL_STATUSES.contains(status) || (kind == Kind.DIAL_ACTION && status.equals("answered"));
  }

  /** The client or number this leg rang: its {@code To}, without Twilio's {@code client:} prefix. */
  String rang() {
    return to.startsWith(CLIENT_PREFIX) ? to.substring(CLIENT_PREFIX.length()) : to;
  }

  CallEvent toCallEvent() {
    return new CallEvent(legSid, kind.wireName(), status, sequenceNumber, at);
  }

  /** A {@code Timestamp} and its instant. */
  private record Parsed(String text, Instant at) {
  }

  /**
   * The last {@code Timestamp} parsed: Twilio's have whole seconds, so a flood of callbacks repeats one for a second,
   * and parsing one was a large share of the store's own work on a callback.
   */
  private static volatile Parsed lastParsed;

  private static Instant timestamp(String text) {
    Parsed last = lastParsed;
    if (last != null && last.text().equals(text)) {
      return last.at();
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      lastParsed = new Parsed(text, at);
      return at;
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Timestamp must be a date as Twilio writes it");
    }
  }

  private static Integer wholeNumber(String text, String name) {
    if (text.isEmpty()) {
      return null;
    }
    require(WHOLE_NUMBER.matcher(text).matches(), name + " must be a whole number");
    return Integer.valueOf(text);
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
