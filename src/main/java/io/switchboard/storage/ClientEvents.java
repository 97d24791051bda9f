package io.switchboard.storage;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live events of a client's calls and voicemail ({@code events.client.<client>}), derived from the records
 * alone, so that what a stream missed can be derived again from the database ({@link EventLog}) with the same ids.
 * An id is the time of what it tells (13 digits of epoch milliseconds), the step of the call it is
 * ({@link Step}) and the SID, so that ids sort as the events happened; a call whose state is told again (a
 * repeated callback, another leg of a ring group ringing) keeps its id, and a page takes the second as the first.
 */
final class ClientEvents {

  private static final Pattern ID = Pattern.compile("([0-9]{13})\\.[1-4]\\.[A-Za-z0-9]{34}");

  /** What a call got to, in the order it gets there. */
  private enum Step {
    RINGING("call.ringing"), ANSWERED("call.answered"), ENDED("call.ended"), MISSED("call.missed"),
    VOICEMAIL("voicemail.new");

    private final String type;

    Step(String type) {
      this.type = type;
    }

    /** Ended and missed are the same step: a call is one or the other. */
    int rank() {
      return this == MISSED ? ENDED.ordinal() + 1 : ordinal() + 1;
    }
  }

  private ClientEvents() {
  }

  /** The event of the step {@code call} is at now; none before it rings. */
  static Optional<JsonObject> now(CallRecord call) {
    List<JsonObject> history = history(call);
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  /** The events of every step {@code call} went through, oldest first. */
  static List<JsonObject> history(CallRecord call) {
    List<JsonObject> events = new ArrayList<>(3);
    boolean ended = CallbackEvent.FINAL_STATUSES.contains(call.status());
    if (call.ringingAt() != null) {
      events.add(callEvent(Step.RINGING, call.ringingAt(), call));
    }
    if (call.answeredAt() != null) {
      events.add(callEvent(Step.ANSWERED, call.answeredAt(), call).put("answeredBy", call.answeredBy()));
    }
    if (ended) {
      Instant at = call.endedAt() != null ? call.endedAt() : call.startedAt();
      boolean missed = call.direction().equals("incoming") && call.answeredBy() == null;
      events.add(missed
          ? event(Step.MISSED, at, call.callSid()).put("callSid", call.callSid()).put("from", call.from())
              .put("to", call.to()).put("number", call.twilioNumber()).put("status", call.status())
          : callEvent(Step.ENDED, at, call).put("status", call.status())
              .put("durationSeconds", call.durationSeconds()).put("answeredBy", call.answeredBy()));
    }
    return events;
  }

  /**
   * {@code voicemail.new}: the voicemail as {@code GET /api/voicemails} lists it, but for its id, which is
   * {@code voicemailId} here: {@code id} is the event's.
   */
  static JsonObject voicemail(Voicemail voicemail) {
    return event(Step.VOICEMAIL, voicemail.receivedAt(), voicemail.id())
        .put("voicemailId", voicemail.id())
        .put("callSid", voicemail.callSid())
        .put("from", voicemail.from())
        .put("to", voicemail.to())
        .put("durationSeconds", voicemail.durationSeconds())
        .put("receivedAt", time(voicemail.receivedAt()))
        .put("heard", voicemail.heard());
  }

  /** The time an event id tells; empty for anything that is not one of ours. */
  static Optional<Instant> timeOf(String id) {
    Matcher matcher = ID.matcher(id);
    return matcher.matches() ? Optional.of(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))))
        : Optional.empty();
  }

  private static JsonObject callEvent(Step step, Instant at, CallRecord call) {
    return event(step, at, call.callSid())
        .put("callSid", call.callSid())
        .put("direction", call.direction())
        .put("from", call.from())
        .put("to", call.to())
        .put("number", call.twilioNumber());
  }

  private static JsonObject event(Step step, Instant at, String sid) {
    return new JsonObject().put("id", id(step, at, sid)).put("type", step.type).put("at", time(at));
  }

  private static String id(Step step, Instant at, String sid) {
    return String.format("%013d.%d.%s", at.toEpochMilli(), step.rank(), sid);
  }

  private static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
