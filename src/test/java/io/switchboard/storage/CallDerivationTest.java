package io.switchboard.storage;

import io.switchboard.storage.CallCallback.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pure derivation of a call from its events: each row a set of callbacks and the call they must give. */
class CallDerivationTest {

  private static final String CALL = "CA" + "0".repeat(32);
  private static final String LEG_A = "CA" + "a".repeat(32);
  private static final String LEG_B = "CA" + "b".repeat(32);
  private static final String CALLER = "+819012345678";
  private static final String NUMBER = "+815031234567";
  private static final String DESTINATION = "+14155550100";
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  /** A row: the events, and the status, answerer and duration the call must show. */
  record Row(String name, List<CallbackEvent> events, String status, String answeredBy, Integer duration) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("answered and hung up", List.of(
            leg(LEG_A, "initiated", 0, 0), leg(LEG_A, "ringing", 1, 1), leg(LEG_A, "in-progress", 2, 5),
            completed(LEG_A, 3, 47, 42)), "completed", "alice", 42),
        new Row("still ringing", List.of(leg(LEG_A, "initiated", 0, 0), leg(LEG_A, "ringing", 1, 1)),
            "ringing", null, null),
        new Row("answered, not yet ended", List.of(leg(LEG_A, "ringing", 1, 1), leg(LEG_A, "in-progress", 2, 5)),
            "in-progress", "alice", null),
        new Row("a late ringing after completed does not reopen the call", List.of(
            leg(LEG_A, "in-progress", 2, 5), completed(LEG_A, 3, 47, 42), leg(LEG_A, "ringing", 1, 60)),
            "completed", "alice", 42),
        new Row("nobody answered", List.of(leg(LEG_A, "ringing", 1, 1), leg(LEG_A, "no-answer", 2, 61)),
            "no-answer", null, null),
        new Row("busy", List.of(leg(LEG_A, "busy", 1, 1)), "busy", null, null),
        new Row("failed", List.of(leg(LEG_A, "failed", 1, 1)), "failed", null, null),
        new Row("canceled: the caller hung up while it rang", List.of(
            leg(LEG_A, "ringing", 1, 1), leg(LEG_A, "canceled", 2, 9)), "canceled", null, null),
        new Row("two clients rung, one answered: the other's cancel does not count", List.of(
            leg(LEG_A, "ringing", 1, 1), leg(LEG_B, "ringing", 1, 1), leg(LEG_B, "in-progress", 2, 4),
            leg(LEG_A, "canceled", 2, 4), completed(LEG_B, 3, 30, 26)), "completed", "bob", 26),
        new Row("two clients rung, neither answered: no-answer tells more than busy", List.of(
            leg(LEG_A, "busy", 1, 1), leg(LEG_B, "no-answer", 2, 61)), "no-answer", null, null),
        new Row("the Dial action's outcome beats the legs'", List.of(
            leg(LEG_A, "ringing", 1, 1), dial(LEG_A, "busy", null, 3)), "busy", null, null),
        new Row("the Dial action's answered is completed", List.of(
            leg(LEG_A, "in-progress", 2, 5), dial(LEG_A, "answered", 30, 35)), "completed", "alice", 30),
        new Row("the parent's failure beats the Dial action", List.of(
            dial("", "no-answer", null, 61), parent("canceled", null, 62)), "canceled", null, null),
        new Row("the parent's completed does not hide that nobody answered", List.of(
            leg(LEG_A, "no-answer", 2, 61), dial(LEG_A, "no-answer", 0, 61), parent("completed", 65, 65)),
            "no-answer", null, null),
        new Row("rung in turn: the second client answered after the first did not", List.of(
            leg(LEG_A, "ringing", 1, 1), leg(LEG_A, "no-answer", 2, 16), dial(LEG_A, "no-answer", null, 16),
            leg(LEG_B, "ringing", 1, 17), leg(LEG_B, "in-progress", 2, 20), completed(LEG_B, 3, 50, 30),
            dial(LEG_B, "completed", 30, 50)), "completed", "bob", 30),
        new Row("two dials, neither answered: the first says why", List.of(
            dial(LEG_A, "busy", null, 1), dial(LEG_B, "no-answer", null, 31)), "busy", null, null),
        new Row("only the parent's callback", List.of(parent("completed", 65, 65)), "completed", null, 65));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theCallFollowsFromItsEvents(Row row) {
    CallRecord call = CallDerivation.derive(CALL, row.events());
    assertEquals(row.status(), call.status(), "status");
    assertEquals(row.answeredBy(), call.answeredBy(), "answeredBy");
    assertEquals(row.duration(), call.durationSeconds(), "duration");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theOrderOfDeliveryDoesNotMatter(Row row) {
    CallRecord inOrder = CallDerivation.derive(CALL, row.events());
    Random random = new Random(row.name().hashCode());
    for (int i = 0; i < 10; i++) {
      List<CallbackEvent> shuffled = new ArrayList<>(row.events());
      Collections.shuffle(shuffled, random);
      assertEquals(inOrder, CallDerivation.derive(CALL, shuffled));
    }
  }

  @Test
  void anIncomingCallIsFromTheCallerToTheNumberAndItsTimesComeFromItsEvents() {
    CallRecord call = CallDerivation.derive(CALL, List.of(leg(LEG_A, "initiated", 0, 0),
        leg(LEG_A, "ringing", 1, 2), leg(LEG_A, "in-progress", 2, 5), completed(LEG_A, 3, 47, 42)));
    assertEquals("incoming", call.direction());
    assertEquals(CALLER, call.from());
    assertEquals(NUMBER, call.to());
    assertEquals(List.of("alice"), call.clients());
    assertEquals(T0, call.startedAt());
    assertEquals(T0.plusSeconds(2), call.ringingAt());
    assertEquals(T0.plusSeconds(5), call.answeredAt());
    assertEquals(T0.plusSeconds(47), call.endedAt());
  }

  @Test
  void anOutgoingCallIsFromTheClientsNumberToTheDestination() {
    CallbackEvent ringing = new CallbackEvent(CALL, LEG_A, Kind.LEG_STATUS, "ringing", 1, T0, NUMBER, DESTINATION,
        null, "outgoing", NUMBER, "alice");
    CallbackEvent answered = new CallbackEvent(CALL, LEG_A, Kind.LEG_STATUS, "in-progress", 2, T0.plusSeconds(3),
        NUMBER, DESTINATION, null, "outgoing", NUMBER, "alice");
    CallRecord call = CallDerivation.derive(CALL, List.of(ringing, answered,
        new CallbackEvent(CALL, CALL, Kind.CALL_STATUS, "completed", null, T0.plusSeconds(20), "client:alice",
            DESTINATION, 20, "outgoing", "", "alice")));
    assertEquals("outgoing", call.direction());
    assertEquals(NUMBER, call.from());
    assertEquals(DESTINATION, call.to());
    assertEquals(DESTINATION, call.answeredBy());
    assertEquals("completed", call.status());
  }

  private static CallbackEvent leg(String leg, String status, int sequence, int second) {
    String client = leg.equals(LEG_A) ? "alice" : "bob";
    return new CallbackEvent(CALL, leg, Kind.LEG_STATUS, status, sequence, T0.plusSeconds(second), CALLER,
        "client:" + client, null, "incoming", NUMBER, client);
  }

  private static CallbackEvent completed(String leg, int sequence, int second, int duration) {
    String client = leg.equals(LEG_A) ? "alice" : "bob";
    return new CallbackEvent(CALL, leg, Kind.LEG_STATUS, "completed", sequence, T0.plusSeconds(second), CALLER,
        "client:" + client, duration, "incoming", NUMBER, client);
  }

  private static CallbackEvent dial(String leg, String status, Integer duration, int second) {
    return new CallbackEvent(CALL, leg, Kind.DIAL_ACTION, status, null, T0.plusSeconds(second), CALLER, NUMBER,
        duration, "incoming", NUMBER, "alice");
  }

  private static CallbackEvent parent(String status, Integer duration, int second) {
    return new CallbackEvent(CALL, CALL, Kind.CALL_STATUS, status, null, T0.plusSeconds(second), CALLER, NUMBER,
        duration, "incoming", NUMBER, "");
  }
}
