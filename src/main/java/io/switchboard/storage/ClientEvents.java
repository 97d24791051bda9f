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

  /** A step a call reached, and when. */
  private record Reached(Step step, Instant at) {
  }

  /** The event of the step {@code call} is at now; none before it rings. */
  static Optional<JsonObject> now(CallRecord call) {
    List<Reached> steps = steps(call);
    return steps.isEmpty() ? Optional.empty() : Optional.of(event(call, steps.get(steps.size() - 1)));
  }

  /** The events of every step {@code call} went through, oldest first. */
  static List<JsonObject> history(CallRecord call) {
    return steps(call).stream().map(reached -> event(call, reached)).toList();
  }

  private static List<Reached> steps(CallRecord call) {
    List<Reached> steps = new ArrayList<>(3);
    if (call.ringingAt() != null) {
      steps.add(new Reached(Step.RINGING, call.ringingAt()));
    }
    if (call.answeredAt() != null) {
      steps.add(new Reached(Step.ANSWERED, call.answeredAt()));
    }
    if (CallbackEvent.FINAL_STATUSES.contains(call.status())) {
      boolean missed = call.direction().equals("incoming") && call.answeredBy() == null;
      steps.add(new Reached(missed ? Step.MISSED : Step.ENDED,
          call.endedAt() != null ? call.endedAt() : call.startedAt()));
    }
    return steps;
  }

  private static JsonObject event(CallRecord call, Reached reached) {
    return switch (reached.step()) {
      case RINGING -> callEvent(Step.RINGING, reached.at(), call);
      case ANSWERED -> callEvent(Step.ANSWERED, reached.at(), call).put("answeredBy", call.answeredBy());
      case MISSED -> event(Step.MISSED, reached.at(), call.callSid()).put("callSid", call.callSid())
          .put("from", call.from()).put("to", call.to()).put("number", call.twilioNumber())
          .put("status", call.status());
      case ENDED -> callEvent(Step.ENDED, reached.at(), call).put("status", call.status())
          .put("durationSeconds", call.durationSeconds()).put("answeredBy", call.answeredBy());
      case VOICEMAIL -> throw new IllegalArgumentException("a voicemail is not a step of a call");
    };
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

  /**
   * {@code voicemail.heard}: one of the client's pages played the voicemail. Like {@code voicemail.deleted}, it has
   * no id: the records keep no time of it to tell it again, and a page that missed it reads its list again when its
   * stream comes back.
   */
  static JsonObject voicemailHeard(String voicemailId) {
    return voicemailChanged("voicemail.heard", voicemailId);
  }

  /** {@code voicemail.deleted}: one of the client's pages deleted the voicemail. */
  static JsonObject voicemailDeleted(String voicemailId) {
    return voicemailChanged("voicemail.deleted", voicemailId);
  }

  private static JsonObject voicemailChanged(String type, String voicemailId) {
    return new JsonObject().put("type", type).put("at", time(Instant.now())).put("voicemailId", voicemailId);
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

  /** {@code %013d.%d.%s}, without {@code String.format}, which was most of the cost of telling a commit's calls. */
  private static String id(Step step, Instant at, String sid) {
    String millis = Long.toString(at.toEpochMilli());
    StringBuilder id = new StringBuilder(16 + sid.length());
    for (int digits = millis.length(); digits < 13; digits++) {
      id.append('0');
    }
    return id.append(millis).append('.').append(step.rank()).append('.').append(sid).toString();
  }

  private static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
