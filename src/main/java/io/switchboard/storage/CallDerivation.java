package io.switchboard.storage;

import io.switchboard.storage.CallCallback.Kind;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A call as its callbacks tell it, derived from the whole set of its events each time: the order in which Twilio
 * delivered them does not matter, and a late {@code ringing} after {@code completed} cannot reopen the call.
 *
 * <p>The final status is the most authoritative one that says the call ended: the parent call's own failure
 * ({@code busy}, {@code no-answer}, {@code failed}, {@code canceled}: it never reached our TwiML), then the Dial
 * action's outcome (an answered one among several dials, else the first), then the legs' (one answered:
 * {@code completed}; else the likeliest reason nobody did). The
 * parent's {@code completed} comes last, because an incoming call is completed for Twilio as soon as our TwiML
 * answered it, whether or not anybody picked up.
 */
final class CallDerivation {

  /** When no leg answered, the status that tells an operator most, first. */
  private static final List<String> MISSED = List.of("no-answer", "busy", "failed", "canceled");

  private CallDerivation() {
  }

  /** @param events all the stored events of {@code callSid}, in any order; at least one */
  static CallRecord derive(String callSid, List<CallbackEvent> events) {
    List<CallbackEvent> ordered = events.stream()
        .sorted(Comparator.comparing(CallbackEvent::at)
            .thenComparing(event -> event.sequenceNumber() == null ? -1 : event.sequenceNumber())
            .thenComparing(CallbackEvent::kind).thenComparing(CallbackEvent::legSid)
            .thenComparing(CallbackEvent::status))
        .toList();
    List<CallbackEvent> parent = ofKind(ordered, Kind.CALL_STATUS);
    List<CallbackEvent> dial = ofKind(ordered, Kind.DIAL_ACTION);
    List<CallbackEvent> legs = ofKind(ordered, Kind.LEG_STATUS);

    // Legs and the Dial action name the direction and number in their query; the call's own callback guesses.
    String direction = first(Stream.concat(legs.stream(), Stream.concat(dial.stream(), parent.stream())),
        CallbackEvent::direction).orElse("incoming");
    String twilioNumber = first(ordered.stream(), CallbackEvent::twilioNumber).orElse("");
    boolean incoming = direction.equals("incoming");
    String from = incoming
        ? first(Stream.concat(parentFirst(parent, dial), legs.stream()), CallbackEvent::from).orElse("")
        : Optional.of(twilioNumber).filter(number -> !number.isEmpty())
            .or(() -> first(legs.stream(), CallbackEvent::from)).orElse("");
    String to = incoming
        ? Optional.of(twilioNumber).filter(number -> !number.isEmpty())
            .or(() -> first(parentFirst(parent, dial), CallbackEvent::to)).orElse("")
        : first(Stream.concat(legs.stream(), parentFirst(parent, dial)), CallbackEvent::to).orElse("");
    List<String> clients = ordered.stream().map(CallbackEvent::client).filter(client -> !client.isEmpty())
        .distinct().sorted().toList();

    Optional<String> answeringLeg = legs.stream()
        .filter(event -> event.status().equals("in-progress") || event.status().equals("completed"))
        .map(CallbackEvent::legSid).findFirst();
    String status = status(parent, dial, legs, answeringLeg.isPresent());
    boolean ended = CallbackEvent.FINAL_STATUSES.contains(status);

    Instant startedAt = ordered.get(0).at();
    Instant ringingAt = firstAt(ordered, event -> event.status().equals("ringing"));
    Instant answeredAt = firstAt(legs, event -> event.status().equals("in-progress"));
    Instant endedAt = ended ? ordered.stream().filter(CallbackEvent::isFinal).map(CallbackEvent::at)
        .max(Comparator.naturalOrder()).orElse(null) : null;
    String answeredBy = answeringLeg
        .flatMap(leg -> first(legs.stream().filter(event -> event.legSid().equals(leg)), CallbackEvent::rang))
        .orElse(null);
    Integer duration = duration(parent, dial, legs, answeringLeg, status);

    return new CallRecord(callSid, direction, from, to, twilioNumber, clients, status, startedAt, ringingAt,
        answeredAt, endedAt, duration, answeredBy, ordered.stream().map(CallbackEvent::toCallEvent).toList());
  }

  private static String status(List<CallbackEvent> parent, List<CallbackEvent> dial, List<CallbackEvent> legs,
                               boolean answered) {
    Optional<String> parentFailed = parent.stream().map(CallbackEvent::status).filter(MISSED::contains).findFirst();
    if (parentFailed.isPresent()) {
      return parentFailed.get();
    }
    // A call rung in turn, or forwarded, has a Dial action per dial: one answered makes the call answered, else the
    // first tells why nobody took it.
    Optional<String> dialOutcome = dial.stream().map(CallbackEvent::status)
        .filter(outcome -> outcome.equals("answered") || outcome.equals("completed")).findFirst()
        .or(() -> dial.stream().map(CallbackEvent::status).findFirst());
    if (dialOutcome.isPresent()) {
      return dialOutcome.get().equals("answered") ? "completed" : dialOutcome.get();
    }
    if (answered && legs.stream().anyMatch(event -> event.status().equals("completed"))) {
      return "completed";
    }
    if (!answered) {
      Optional<String> missed = MISSED.stream()
          .filter(reason -> legs.stream().anyMatch(event -> event.status().equals(reason))).findFirst();
      if (missed.isPresent()) {
        return missed.get();
      }
    }
    if (parent.stream().anyMatch(event -> event.status().equals("completed"))) {
      return "completed";
    }
    if (answered) {
      return "in-progress";
    }
    boolean ringing = Stream.concat(parent.stream(), legs.stream()).anyMatch(event -> event.status().equals("ringing"));
    return ringing ? "ringing" : "initiated";
  }

  /** The talk time: the answering leg's own, else the Dial action's, else the call's when nothing else says. */
  private static Integer duration(List<CallbackEvent> parent, List<CallbackEvent> dial, List<CallbackEvent> legs,
                                  Optional<String> answeringLeg, String status) {
    return answeringLeg
        .flatMap(leg -> legs.stream().filter(event -> event.legSid().equals(leg) && event.status().equals("completed"))
            .map(CallbackEvent::durationSeconds).filter(Objects::nonNull).findFirst())
        .or(() -> dial.stream().filter(event -> event.status().equals("answered") || event.status().equals("completed"))
            .map(CallbackEvent::durationSeconds).filter(Objects::nonNull).findFirst())
        .or(() -> status.equals("completed") && legs.isEmpty() && dial.isEmpty()
            ? parent.stream().filter(event -> event.status().equals("completed"))
                .map(CallbackEvent::durationSeconds).filter(Objects::nonNull).findFirst()
            : Optional.empty())
        .orElse(null);
  }

  /** The parent call's events, then the Dial action's: both carry the parent call's From and To. */
  private static Stream<CallbackEvent> parentFirst(List<CallbackEvent> parent, List<CallbackEvent> dial) {
    return Stream.concat(parent.stream(), dial.stream());
  }

  private static List<CallbackEvent> ofKind(List<CallbackEvent> events, Kind kind) {
    return events.stream().filter(event -> event.kind() == kind).toList();
  }

  private static Optional<String> first(Stream<CallbackEvent> events,
                                        Function<CallbackEvent, String> value) {
    return events.map(value).filter(text -> text != null && !text.isEmpty()).findFirst();
  }

  private static Instant firstAt(List<CallbackEvent> events, Predicate<CallbackEvent> which) {
    return events.stream().filter(which).map(CallbackEvent::at).findFirst().orElse(null);
  }
}
