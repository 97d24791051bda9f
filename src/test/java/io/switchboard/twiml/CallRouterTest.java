package io.switchboard.twiml;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.switchboard.directory.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.twiml.CallPlan.DialClients;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.switchboard.twiml.CallPlan.Stage;
import io.switchboard.twiml.CallPlan.TakeMessage;
import io.switchboard.twiml.CallPlan.ThankAndHangUp;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.directory.Fallback;
import io.switchboard.directory.Fallback.ForwardCallerId;
import io.switchboard.directory.Fallback.RecordedGreeting;
import io.switchboard.directory.Fallback.SpokenGreeting;
import io.switchboard.directory.Fallback.Voicemail;
import io.switchboard.twiml.OurSide.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** Every branch of the routing decision, one row each: the webhook, the directory, the policy and the plan. */
class CallRouterTest {

  private static final String OWN = "+815031234567";
  private static final String OTHER_OWN = "+815031239999";
  private static final PhoneNumbers JP_NUMBERS = new PhoneNumbers("JP");
  /** Two Japanese numbers, as in the walkthrough. */
  private static final Directory JAPAN = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(OWN, "DeviceId_0001"), new DirectoryEntry(OTHER_OWN, "DeviceId_0002")));
  /** A Japanese and a British number: both countries are allowed by default. */
  private static final Directory JAPAN_AND_UK = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(OWN, "DeviceId_0001"), new DirectoryEntry("+442079460000", "London")));

  /** Our side of a call out from each client: the caller and its own number, whoever it rings. */
  private static final OurSide FROM_DEVICE_1 = new OurSide(Direction.OUTGOING, OWN, "DeviceId_0001");
  private static final OurSide FROM_DEVICE_2 = new OurSide(Direction.OUTGOING, OTHER_OWN, "DeviceId_0002");

  private static final DialPolicy DEFAULT = DialPolicy.defaults();
  private static final DialPolicy ANY_COUNTRY = countries("*");
  private static final DialPolicy UK_ONLY_NO_VOIP = new DialPolicy(Optional.of(Set.of("GB")),
      EnumSet.of(PhoneNumberType.VOIP));
  private static final DialPolicy NOTHING_BLOCKED = new DialPolicy(Optional.of(Set.of("JP")), Set.of());

  private record Webhook(String name, BiFunction<CallRouter, CallParameters, CallPlan> route) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An incoming call while every client whose presence could matter is online: it rings as it always did. */
  private static final Webhook INCOMING = new Webhook("incoming",
      (router, call) -> router.incoming(call, Set.copyOf(router.clientsToLookUp(call))));
  private static final Webhook OUTGOING = new Webhook("outgoing", CallRouter::outgoing);
  /** A Dial action while every client whose presence could matter is online. */
  private static final Webhook AFTER_DIAL = new Webhook("dial action",
      (router, call) -> router.afterDial(call, Set.copyOf(router.clientsToLookUpAfterDial(call))));
  private static final Webhook AFTER_RECORD = new Webhook("record action", CallRouter::afterRecord);

  /** How long a dial rings when its entry says nothing else (dial.timeoutSeconds). */
  private static final int TIMEOUT = 60;
  /** A caller from outside, who a forward shows as the caller ID. */
  private static final String CALLER = "+819059876543";
  private static final String FORWARD_TO = "+819012345678";

  /** alice-laptop and alice-phone ring together; no fallback. */
  private static final String GROUP = "+815031230001";
  /** a, b and c in turn, 15 s each, then a forward to a mobile, then voicemail in Japanese. */
  private static final String IN_TURN = "+815031230002";
  /** One client, then a forward showing the office number; no voicemail. */
  private static final String FORWARD_ONLY = "+815031230003";
  /** alice-laptop (again) and bob together, then voicemail with a recorded greeting. */
  private static final String VOICEMAIL_ONLY = "+815031230004";
  private static final Voicemail JAPANESE_VOICEMAIL =
      new Voicemail(new SpokenGreeting("ただいま電話に出ることができません。"), "ja-JP", 60);
  private static final Voicemail RECORDED_VOICEMAIL =
      new Voicemail(new RecordedGreeting("https://example.com/greeting.mp3"), "en-GB", 120);
  private static final Directory ROUTING = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(OWN, "DeviceId_0001"),
      new DirectoryEntry(GROUP, List.of("alice-laptop", "alice-phone"), Ring.ALL, OptionalInt.empty(),
          Optional.empty(), Optional.empty()),
      new DirectoryEntry(IN_TURN, List.of("a", "b", "c"), Ring.SEQUENTIAL, OptionalInt.of(15),
          Optional.of(new Fallback(Optional.of(FORWARD_TO), ForwardCallerId.CALLER, Optional.of(JAPANESE_VOICEMAIL))),
          Optional.empty()),
      new DirectoryEntry(FORWARD_ONLY, List.of("support"), Ring.ALL, OptionalInt.empty(),
          Optional.of(new Fallback(Optional.of(FORWARD_TO), ForwardCallerId.TWILIO, Optional.empty())),
          Optional.empty()),
      new DirectoryEntry(VOICEMAIL_ONLY, List.of("alice-laptop", "bob"), Ring.ALL, OptionalInt.empty(),
          Optional.of(new Fallback(Optional.empty(), ForwardCallerId.CALLER, Optional.of(RECORDED_VOICEMAIL))),
          Optional.empty())));
  /** After a reload that removed every entry but the walkthrough's. */
  private static final Directory WITHOUT_IN_TURN = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(OWN, "DeviceId_0001")));
  /** IN_TURN after a reload that left it one client: a call at step 2 goes on to the forward. */
  private static final Directory IN_TURN_SHRUNK = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(IN_TURN, List.of("a"), Ring.SEQUENTIAL, OptionalInt.of(15),
          Optional.of(new Fallback(Optional.of(FORWARD_TO), ForwardCallerId.CALLER, Optional.of(JAPANESE_VOICEMAIL))),
          Optional.empty())));
  /** IN_TURN with presence off: every step rings, whoever is online. */
  private static final Directory IN_TURN_PRESENCE_OFF = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(IN_TURN, List.of("a", "b", "c"), Ring.SEQUENTIAL, OptionalInt.of(15),
          Optional.of(new Fallback(Optional.of(FORWARD_TO), ForwardCallerId.CALLER, Optional.of(JAPANESE_VOICEMAIL))),
          Optional.empty(), false)));
  /** A voicemail entry whose clients never open the page: their presence is not tracked. */
  private static final String PRESENCE_OFF = "+815031230005";
  private static final Directory WITH_PRESENCE_OFF = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(PRESENCE_OFF, List.of("mobile-sdk"), Ring.ALL, OptionalInt.empty(),
          Optional.of(new Fallback(Optional.empty(), ForwardCallerId.CALLER, Optional.of(RECORDED_VOICEMAIL))),
          Optional.empty(), false)));
  /** x, y and z in turn, 15 s each, and nothing after them. */
  private static final String IN_TURN_NO_FALLBACK = "+815031230007";
  private static final Directory WITH_IN_TURN_NO_FALLBACK = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(IN_TURN_NO_FALLBACK, List.of("x", "y", "z"), Ring.SEQUENTIAL, OptionalInt.of(15),
          Optional.empty(), Optional.empty())));
  private static final OurSide FROM_ALICE_LAPTOP = new OurSide(Direction.OUTGOING, GROUP, "alice-laptop");

  /** Ring groups, the steps of an entry's flow, and the caller ID of a client with several numbers. */
  static Stream<Arguments> flows() {
    return Stream.of(
        // The first ring.
        row("ring all: every client in one dial, which ends the call without a fallback", INCOMING,
            incoming(GROUP), ROUTING, DEFAULT, new DialClients(List.of("alice-laptop", "alice-phone"), null, TIMEOUT,
                OurSide.incoming(GROUP), Optional.empty())),
        row("ring all with a fallback: the dial action goes on from the ring", INCOMING, incoming(VOICEMAIL_ONLY),
            ROUTING, DEFAULT, new DialClients(List.of("alice-laptop", "bob"), null, TIMEOUT,
                OurSide.incoming(VOICEMAIL_ONLY), Optional.of(Stage.ring(1)))),
        row("sequential: the first client alone, for the entry's ring time", INCOMING, incoming(IN_TURN), ROUTING,
            DEFAULT, ringInTurn("a", 1)),

        // Sequential: each step on no-answer, busy or failed.
        row("sequential step 1 not answered: the second client", AFTER_DIAL, dialOutcome(IN_TURN, "no-answer",
            "ring", "1"), ROUTING, DEFAULT, ringInTurn("b", 2)),
        row("sequential step 2 busy: the third client", AFTER_DIAL, dialOutcome(IN_TURN, "busy", "ring", "2"),
            ROUTING, DEFAULT, ringInTurn("c", 3)),
        row("sequential last step failed: the forward, showing the caller", AFTER_DIAL,
            dialOutcome(IN_TURN, "failed", "ring", "3"), ROUTING, DEFAULT, forward(IN_TURN, CALLER, 15)),
        row("the forward not answered: voicemail", AFTER_DIAL, dialOutcome(IN_TURN, "no-answer", "forward", null),
            ROUTING, DEFAULT, new TakeMessage(JAPANESE_VOICEMAIL, IN_TURN)),
        row("the forward busy: voicemail", AFTER_DIAL, dialOutcome(IN_TURN, "busy", "forward", null),
            ROUTING, DEFAULT, new TakeMessage(JAPANESE_VOICEMAIL, IN_TURN)),
        row("the forward answered ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "completed", "forward", null),
            ROUTING, DEFAULT, new HangUp()),

        // Answered, or the caller hung up: the end, whatever the step.
        row("answered (completed) at a step ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "completed", "ring",
            "1"), ROUTING, DEFAULT, new HangUp()),
        row("answered at a step ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "answered", "ring", "1"), ROUTING,
            DEFAULT, new HangUp()),
        row("the caller hung up (canceled) ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "canceled", "ring", "2"),
            ROUTING, DEFAULT, new HangUp()),
        row("an unknown DialCallStatus ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "ringing", "ring", "1"),
            ROUTING, DEFAULT, new HangUp()),

        // Each fallback after each not-answered status.
        row("ring all not answered: voicemail with a recorded greeting", AFTER_DIAL,
            dialOutcome(VOICEMAIL_ONLY, "no-answer", "ring", "1"), ROUTING, DEFAULT,
            new TakeMessage(RECORDED_VOICEMAIL, VOICEMAIL_ONLY)),
        row("ring all busy: voicemail", AFTER_DIAL, dialOutcome(VOICEMAIL_ONLY, "busy", "ring", "1"), ROUTING,
            DEFAULT, new TakeMessage(RECORDED_VOICEMAIL, VOICEMAIL_ONLY)),
        row("ring all failed: voicemail", AFTER_DIAL, dialOutcome(VOICEMAIL_ONLY, "failed", "ring", "1"), ROUTING,
            DEFAULT, new TakeMessage(RECORDED_VOICEMAIL, VOICEMAIL_ONLY)),
        row("not answered: a forward showing the Twilio number", AFTER_DIAL,
            dialOutcome(FORWARD_ONLY, "no-answer", "ring", "1"), ROUTING, DEFAULT,
            forward(FORWARD_ONLY, FORWARD_ONLY, TIMEOUT)),
        row("a forward without voicemail not answered ends the call", AFTER_DIAL,
            dialOutcome(FORWARD_ONLY, "no-answer", "forward", null), ROUTING, DEFAULT, new HangUp()),
        row("a withheld caller's number: the forward shows the Twilio number", AFTER_DIAL,
            withCaller(dialOutcome(IN_TURN, "no-answer", "ring", "3"), "anonymous"), ROUTING, DEFAULT,
            forward(IN_TURN, IN_TURN, 15)),
        row("a dial with no stage ends the call, whatever its outcome", AFTER_DIAL,
            dialOutcome(GROUP, "no-answer", null, null), ROUTING, DEFAULT, new HangUp()),
        row("a stage our TwiML never writes ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "no-answer", "ring",
            "0"), ROUTING, DEFAULT, new HangUp()),
        row("a step that is no number ends the call", AFTER_DIAL, dialOutcome(IN_TURN, "no-answer", "ring",
            "1e3"), ROUTING, DEFAULT, new HangUp()),

        // A reload while the call is in flight.
        row("the entry removed: a spoken error", AFTER_DIAL, dialOutcome(IN_TURN, "no-answer", "ring", "1"),
            WITHOUT_IN_TURN, DEFAULT, new Refuse(RefusalReason.ENTRY_REMOVED)),
        row("the entry removed during a forward: a spoken error", AFTER_DIAL,
            dialOutcome(IN_TURN, "no-answer", "forward", null), WITHOUT_IN_TURN, DEFAULT,
            new Refuse(RefusalReason.ENTRY_REMOVED)),
        row("the entry removed, the call answered: the end", AFTER_DIAL,
            dialOutcome(IN_TURN, "completed", "ring", "1"), WITHOUT_IN_TURN, DEFAULT, new HangUp()),
        row("the group shrank below the step: the fallback", AFTER_DIAL,
            dialOutcome(IN_TURN, "no-answer", "ring", "2"), IN_TURN_SHRUNK, DEFAULT, forward(IN_TURN, CALLER, 15)),

        // The message is taken.
        row("the record action thanks in the greeting's language", AFTER_RECORD, recorded(IN_TURN), ROUTING,
            DEFAULT, new ThankAndHangUp("ja-JP")),
        row("a recorded greeting's language is the voicemail's", AFTER_RECORD, recorded(VOICEMAIL_ONLY), ROUTING,
            DEFAULT, new ThankAndHangUp("en-GB")),
        row("the record action of a removed entry still thanks", AFTER_RECORD, recorded(IN_TURN), WITHOUT_IN_TURN,
            DEFAULT, new ThankAndHangUp("en-US")),

        // A client with two numbers calls out.
        row("no callerId asked: the first number of the client's entries", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543"), ROUTING, DEFAULT,
            dialNumber("+819059876543", GROUP, FROM_ALICE_LAPTOP)),
        row("callerId its other own number", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543", "callerId", VOICEMAIL_ONLY), ROUTING, DEFAULT,
            dialNumber("+819059876543", VOICEMAIL_ONLY,
                new OurSide(Direction.OUTGOING, VOICEMAIL_ONLY, "alice-laptop"))),
        row("callerId its own number in national format", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543", "callerId", "050-3123-0004"), ROUTING, DEFAULT,
            dialNumber("+819059876543", VOICEMAIL_ONLY,
                new OurSide(Direction.OUTGOING, VOICEMAIL_ONLY, "alice-laptop"))),
        row("callerId another client's number: its first number instead", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543", "callerId", OWN), ROUTING, DEFAULT,
            dialNumber("+819059876543", GROUP, FROM_ALICE_LAPTOP)),
        row("callerId that is no number: its first number", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543", "callerId", "<Say>hi</Say>"), ROUTING, DEFAULT,
            dialNumber("+819059876543", GROUP, FROM_ALICE_LAPTOP)),
        row("callerPhoneNumber one of its numbers (the walkthrough)", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543", "callerPhoneNumber", VOICEMAIL_ONLY), ROUTING, DEFAULT,
            dialNumber("+819059876543", VOICEMAIL_ONLY,
                new OurSide(Direction.OUTGOING, VOICEMAIL_ONLY, "alice-laptop"))),
        row("callerPhoneNumber another client's number is still spoofing", OUTGOING,
            outgoing("client:alice-laptop", "+819059876543", "callerPhoneNumber", OWN, "callerId", GROUP), ROUTING,
            DEFAULT, new Refuse(RefusalReason.SPOOFED_CALLER_ID)),
        row("a call to a group's number rings the group", OUTGOING, outgoing("client:DeviceId_0001", GROUP),
            ROUTING, DEFAULT, new DialClients(List.of("alice-laptop", "alice-phone"), OWN, TIMEOUT,
                new OurSide(Direction.OUTGOING, OWN, "DeviceId_0001"), Optional.empty())),
        row("a call between clients rings all of a sequential group, with no fallback", OUTGOING,
            outgoing("client:DeviceId_0001", IN_TURN), ROUTING, DEFAULT, new DialClients(List.of("a", "b", "c"),
                OWN, TIMEOUT, new OurSide(Direction.OUTGOING, OWN, "DeviceId_0001"), Optional.empty())),
        row("a call to a client of several entries by name rings that client", OUTGOING,
            outgoing("client:DeviceId_0001", "client:alice-laptop"), ROUTING, DEFAULT,
            dialClient("alice-laptop", OWN, new OurSide(Direction.OUTGOING, OWN, "DeviceId_0001"))));
  }

  /** An incoming call with the clients online named: all offline goes to the fallback when there is one. */
  static Stream<Arguments> presence() {
    return Stream.of(
        argumentSet("nobody online, voicemail only: the message is taken at once", VOICEMAIL_ONLY, ROUTING, Set.of(),
            new TakeMessage(RECORDED_VOICEMAIL, VOICEMAIL_ONLY)),
        argumentSet("one of the group online: the group rings as ever", VOICEMAIL_ONLY, ROUTING, Set.of("bob"),
            new DialClients(List.of("alice-laptop", "bob"), null, TIMEOUT, OurSide.incoming(VOICEMAIL_ONLY),
                Optional.of(Stage.ring(1)))),
        argumentSet("a client online elsewhere does not count", VOICEMAIL_ONLY, ROUTING, Set.of("alice-phone", "a"),
            new TakeMessage(RECORDED_VOICEMAIL, VOICEMAIL_ONLY)),
        argumentSet("in turn, nobody online: the forward at once, showing the caller", IN_TURN, ROUTING, Set.of(),
            forward(IN_TURN, CALLER, 15)),
        argumentSet("in turn, the last client online: it rings first, the offline ones are skipped", IN_TURN,
            ROUTING, Set.of("c"), ringInTurn("c", 3)),
        argumentSet("in turn, the first two online: the first rings", IN_TURN, ROUTING, Set.of("a", "b"),
            ringInTurn("a", 1)),
        argumentSet("in turn without a fallback, the second online: it rings first", IN_TURN_NO_FALLBACK,
            WITH_IN_TURN_NO_FALLBACK, Set.of("y"), ringInTurn(IN_TURN_NO_FALLBACK, "y", 2)),
        argumentSet("in turn without a fallback, nobody online: the first rings, as ever", IN_TURN_NO_FALLBACK,
            WITH_IN_TURN_NO_FALLBACK, Set.of(), ringInTurn(IN_TURN_NO_FALLBACK, "x", 1)),
        argumentSet("forward only, nobody online: the forward, showing the office", FORWARD_ONLY, ROUTING, Set.of(),
            forward(FORWARD_ONLY, FORWARD_ONLY, TIMEOUT)),
        argumentSet("no fallback, nobody online: it rings, as nothing else could take the call", GROUP, ROUTING,
            Set.of(), new DialClients(List.of("alice-laptop", "alice-phone"), null, TIMEOUT, OurSide.incoming(GROUP),
                Optional.empty())),
        argumentSet("presence off, nobody online: it rings, its clients are always taken as online", PRESENCE_OFF,
            WITH_PRESENCE_OFF, Set.of(), new DialClients(List.of("mobile-sdk"), null, TIMEOUT,
                new OurSide(Direction.INCOMING, PRESENCE_OFF, "mobile-sdk"), Optional.of(Stage.ring(1)))));
  }

  @ParameterizedTest
  @MethodSource("presence")
  void routesAnIncomingCallByItsClientsPresence(String number, Directory directory, Set<String> online,
                                                 CallPlan expected) {
    CallRouter router = new CallRouter(() -> directory, DEFAULT, TIMEOUT);
    assertEquals(expected, router.incoming(incoming(number), online));
  }

  /**
   * Only an entry whose plan presence can change needs it looked up: not a group rung at once without a fallback,
   * nor one whose presence is off.
   */
  @ParameterizedTest
  @MethodSource("presence")
  void looksUpPresenceOnlyWhereItCanChangeThePlan(String number, Directory directory, Set<String> online,
                                                  CallPlan expected) {
    List<String> lookedUp = new CallRouter(() -> directory, DEFAULT, TIMEOUT).clientsToLookUp(incoming(number));
    List<String> clients = directory.byPhoneNumber(number).orElseThrow().clients();
    assertEquals(number.equals(GROUP) || number.equals(PRESENCE_OFF) ? List.of() : clients, lookedUp);
  }

  /**
   * A sequential ring step nobody answered, with the clients online named: the next step is the next online client,
   * then the fallback, so that no caller waits out the turn of a client whose page is closed.
   */
  static Stream<Arguments> presenceAfterDial() {
    return Stream.of(
        argumentSet("step 1 not answered, the third online: the second is skipped", dialOutcome(IN_TURN, "no-answer",
            "ring", "1"), ROUTING, Set.of("a", "c"), ringInTurn("c", 3)),
        argumentSet("step 1 busy, the second online: it rings", dialOutcome(IN_TURN, "busy", "ring", "1"), ROUTING,
            Set.of("b"), ringInTurn("b", 2)),
        argumentSet("step 1 not answered, only its client online: the forward", dialOutcome(IN_TURN, "no-answer",
            "ring", "1"), ROUTING, Set.of("a"), forward(IN_TURN, CALLER, 15)),
        argumentSet("step 2 not answered, nobody online any more: the forward", dialOutcome(IN_TURN, "no-answer",
            "ring", "2"), ROUTING, Set.of(), forward(IN_TURN, CALLER, 15)),
        argumentSet("the first client came online meanwhile: it is behind, the forward", dialOutcome(IN_TURN,
            "failed", "ring", "2"), ROUTING, Set.of("a"), forward(IN_TURN, CALLER, 15)),
        argumentSet("no fallback, step 1 not answered, the third online: it rings",
            dialOutcome(IN_TURN_NO_FALLBACK, "no-answer", "ring", "1"), WITH_IN_TURN_NO_FALLBACK, Set.of("x", "z"),
            ringInTurn(IN_TURN_NO_FALLBACK, "z", 3)),
        argumentSet("no fallback, step 1 not answered, only its client online: the end",
            dialOutcome(IN_TURN_NO_FALLBACK, "no-answer", "ring", "1"), WITH_IN_TURN_NO_FALLBACK, Set.of("x"),
            new HangUp()),
        argumentSet("no fallback, nobody online: the next step rings, as ever",
            dialOutcome(IN_TURN_NO_FALLBACK, "no-answer", "ring", "1"), WITH_IN_TURN_NO_FALLBACK, Set.of(),
            ringInTurn(IN_TURN_NO_FALLBACK, "y", 2)),
        argumentSet("presence off, nobody online: the next step rings", dialOutcome(IN_TURN, "no-answer", "ring", "1"),
            IN_TURN_PRESENCE_OFF, Set.of(), ringInTurn("b", 2)));
  }

  @ParameterizedTest
  @MethodSource("presenceAfterDial")
  void goesOnAfterADialByTheClientsPresence(CallParameters call, Directory directory, Set<String> online,
                                            CallPlan expected) {
    CallRouter router = new CallRouter(() -> directory, DEFAULT, TIMEOUT);
    assertEquals(expected, router.afterDial(call, online));
    DirectoryEntry entry = directory.byPhoneNumber(call.query().get("number")).orElseThrow();
    assertEquals(entry.presence() ? entry.clients() : List.of(), router.clientsToLookUpAfterDial(call),
        "the entry's clients are looked up where presence can change the next step");
  }

  private static DialClients ringInTurn(String client, int step) {
    return ringInTurn(IN_TURN, client, step);
  }

  private static DialClients ringInTurn(String number, String client, int step) {
    return new DialClients(List.of(client), null, 15, new OurSide(Direction.INCOMING, number, client),
        Optional.of(Stage.ring(step)));
  }

  private static DialNumber forward(String number, String callerId, int timeoutSeconds) {
    return new DialNumber(FORWARD_TO, callerId, timeoutSeconds, OurSide.incoming(number), Optional.of(Stage.FORWARD));
  }

  private static DialClients dialClient(String client, String callerId, OurSide side) {
    return new DialClients(List.of(client), callerId, TIMEOUT, side, Optional.empty());
  }

  private static DialNumber dialNumber(String number, String callerId, OurSide side) {
    return new DialNumber(number, callerId, TIMEOUT, side, Optional.empty());
  }

  /** The Dial action of an incoming call from {@link #CALLER} to {@code number}; null for a query key left out. */
  private static CallParameters dialOutcome(String number, String status, String stage, String step) {
    Map<String, String> query = new HashMap<>(Map.of("direction", "incoming", "number", number));
    if (stage != null) {
      query.put("stage", stage);
    }
    if (step != null) {
      query.put("step", step);
    }
    return new CallParameters(new HashMap<>(Map.of("From", CALLER, "To", number, "DialCallStatus", status)), query);
  }

  private static CallParameters withCaller(CallParameters params, String from) {
    Map<String, String> byName = new HashMap<>(params.byName());
    byName.put("From", from);
    return new CallParameters(byName, params.query());
  }

  private static CallParameters recorded(String number) {
    return new CallParameters(new HashMap<>(Map.of("From", CALLER, "To", number, "RecordingDuration", "12")),
        Map.of("direction", "incoming", "number", number));
  }

  static Stream<Arguments> routes() {
    return Stream.of(
        // A phone calls one of our numbers.
        row("incoming to a known number rings its client", INCOMING, incoming(OWN), JAPAN, DEFAULT,
            dialClient("DeviceId_0001", null, new OurSide(Direction.INCOMING, OWN, "DeviceId_0001"))),
        row("incoming to a known number in national format", INCOMING, incoming("050-3123-9999"), JAPAN, DEFAULT,
            dialClient("DeviceId_0002", null, new OurSide(Direction.INCOMING, OTHER_OWN, "DeviceId_0002"))),
        row("incoming to an unknown valid number names it in E.164", INCOMING, incoming("050-3123-4568"), JAPAN,
            DEFAULT, new Refuse(RefusalReason.UNKNOWN_NUMBER,
                "An error occurred. Your Twilio phone number +815031234568 is invalid.")),
        row("incoming to no number at all", INCOMING, incoming("not a number"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.UNKNOWN_NUMBER, "An error occurred. The Twilio phone number called is invalid.")),
        row("incoming without To", INCOMING, params(Map.of()), JAPAN, DEFAULT,
            new Refuse(RefusalReason.UNKNOWN_NUMBER)),

        // A dial of an entry without a flow (no stage in the query): whatever its outcome, the call ends.
        row("a dial nobody answered ends the call", AFTER_DIAL, params(Map.of("DialCallStatus", "no-answer")), JAPAN,
            DEFAULT, new HangUp()),
        row("a dial that was answered ends the call", AFTER_DIAL, params(Map.of("DialCallStatus", "completed")),
            JAPAN, DEFAULT, new HangUp()),

        // Who calls out.
        row("outgoing from an unregistered client", OUTGOING, outgoing("client:Nobody", "+819059876543"), JAPAN,
            DEFAULT, new Refuse(RefusalReason.UNREGISTERED_CLIENT)),
        row("outgoing from a phone number, not a client", OUTGOING, outgoing(OWN, "+819059876543"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.UNREGISTERED_CLIENT)),
        row("outgoing claiming another client's number (spoofed caller ID)", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543", "callerPhoneNumber", "050-3123-9999"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.SPOOFED_CALLER_ID)),
        row("outgoing claiming a caller number that is no number", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543", "callerPhoneNumber", "anonymous"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.SPOOFED_CALLER_ID)),
        row("outgoing claiming its own number in another format", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543", "callerPhoneNumber", "050-3123-4567"), JAPAN, DEFAULT,
            dialNumber("+819059876543", OWN, FROM_DEVICE_1)),

        // To another client.
        row("outgoing to a client by client: name", OUTGOING, outgoing("client:DeviceId_0001", "client:DeviceId_0002"),
            JAPAN, DEFAULT, dialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),
        row("outgoing to a client by bare name", OUTGOING, outgoing("client:DeviceId_0002", "DeviceId_0001"), JAPAN,
            DEFAULT, dialClient("DeviceId_0001", OTHER_OWN, FROM_DEVICE_2)),
        row("outgoing to an own number rings its client, not the public network", OUTGOING,
            outgoing("client:DeviceId_0001", OTHER_OWN), JAPAN, DEFAULT,
            dialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),
        row("outgoing to an own number in national format", OUTGOING,
            outgoing("client:DeviceId_0001", "050-3123-9999"), JAPAN, DEFAULT,
            dialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),
        row("outgoing to an own number that the policy would refuse", OUTGOING,
            outgoing("client:DeviceId_0001", OTHER_OWN), JAPAN, UK_ONLY_NO_VOIP,
            dialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),

        // To the public network.
        row("outgoing to a mobile in the directory's country", OUTGOING,
            outgoing("client:DeviceId_0001", "090-5987-6543"), JAPAN, DEFAULT,
            dialNumber("+819059876543", OWN, FROM_DEVICE_1)),
        row("the walkthrough's destination wins over To", OUTGOING,
            outgoing("client:DeviceId_0001", "DeviceId_0002", "callOutgoingPhoneNumber", "+81-90-5987-6543"), JAPAN,
            DEFAULT, dialNumber("+819059876543", OWN, FROM_DEVICE_1)),
        row("outgoing toll-free in the directory's country", OUTGOING, outgoing("client:DeviceId_0001", "0120-123-456"),
            JAPAN, DEFAULT, dialNumber("+81120123456", OWN, FROM_DEVICE_1)),
        row("outgoing to a country outside the directory's, by default", OUTGOING,
            outgoing("client:DeviceId_0001", "+442071838750"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("the default countries follow the directory's numbers", OUTGOING,
            outgoing("client:DeviceId_0001", "+442071838750"), JAPAN_AND_UK, DEFAULT,
            dialNumber("+442071838750", OWN, FROM_DEVICE_1)),
        row("a country in the list", OUTGOING, outgoing("client:DeviceId_0001", "+442071838750"), JAPAN,
            countries("JP", "GB"), dialNumber("+442071838750", OWN, FROM_DEVICE_1)),
        row("a country not in the list, though it is the directory's own", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543"), JAPAN, countries("GB"),
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("every country with *", OUTGOING, outgoing("client:DeviceId_0001", "+33142685300"), JAPAN, ANY_COUNTRY,
            dialNumber("+33142685300", OWN, FROM_DEVICE_1)),
        row("a +1 Caribbean number is not the United States", OUTGOING,
            outgoing("client:DeviceId_0001", "+12423570123"), JAPAN, countries("US"),
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("an international network (+883) is in no list of countries", OUTGOING,
            outgoing("client:DeviceId_0001", "+883510012345"), JAPAN, countries("JP", "GB", "US"),
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("an international network (+883) with *", OUTGOING, outgoing("client:DeviceId_0001", "+883510012345"),
            JAPAN, ANY_COUNTRY, dialNumber("+883510012345", OWN, FROM_DEVICE_1)),
        row("premium rate (0990) in an allowed country", OUTGOING, outgoing("client:DeviceId_0001", "0990-12-3456"),
            JAPAN, DEFAULT, new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("premium rate with * is still blocked", OUTGOING, outgoing("client:DeviceId_0001", "+19005550123"), JAPAN,
            ANY_COUNTRY, new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("shared cost", OUTGOING, outgoing("client:DeviceId_0001", "+33810123456"), JAPAN, ANY_COUNTRY,
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a company number at the caller's expense (0570, UAN)", OUTGOING,
            outgoing("client:DeviceId_0001", "0570-012-345"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a UK personal number (070)", OUTGOING, outgoing("client:DeviceId_0001", "+447012345678"), JAPAN,
            countries("GB"), new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a pager", OUTGOING, outgoing("client:DeviceId_0001", "020-1234-5678"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a country check comes before the type check", OUTGOING, outgoing("client:DeviceId_0001", "+19005550123"),
            JAPAN, DEFAULT, new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("a type the configuration blocks", OUTGOING, outgoing("client:DeviceId_0001", "050-1234-5678"), JAPAN,
            new DialPolicy(Optional.empty(), EnumSet.of(PhoneNumberType.VOIP)),
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("premium rate when no type is blocked", OUTGOING, outgoing("client:DeviceId_0001", "0990-12-3456"), JAPAN,
            NOTHING_BLOCKED, dialNumber("+81990123456", OWN, FROM_DEVICE_1)),

        // Destinations that are neither a client nor a valid number.
        invalidDestination(""),
        invalidDestination("12"),
        invalidDestination("client:Nobody"),
        invalidDestination("+819059876543</Number><Number>+819000000000"),
        invalidDestination("+819059876543;ext=1"),
        invalidDestination("tel:+819059876543"),
        invalidDestination("+882130000000"));
  }

  @ParameterizedTest
  @MethodSource("routes")
  void routesEachCallAsItsRowSays(Webhook webhook, CallParameters call, Directory directory, DialPolicy policy,
                                  CallPlan expected) {
    assertEquals(expected, webhook.route().apply(new CallRouter(() -> directory, policy, TIMEOUT), call));
  }

  private static Arguments invalidDestination(String to) {
    return row("outgoing to '" + to + "', no client and no valid number", OUTGOING,
        outgoing("client:DeviceId_0001", to), JAPAN, ANY_COUNTRY, new Refuse(RefusalReason.INVALID_DESTINATION));
  }

  private static Arguments row(String name, Webhook webhook, CallParameters call, Directory directory,
                               DialPolicy policy, CallPlan expected) {
    return argumentSet(name, webhook, call, directory, policy, expected);
  }

  private static DialPolicy countries(String... codes) {
    return new DialPolicy(Optional.of(Set.of(codes)), DialPolicy.COSTLY_TYPES);
  }

  private static CallParameters incoming(String to) {
    return params(Map.of("From", "+819059876543", "To", to, "Direction", "inbound"));
  }

  /** @param more further parameter names and values, alternately */
  private static CallParameters outgoing(String from, String to, String... more) {
    Map<String, String> byName = new HashMap<>(Map.of("From", from, "To", to, "Direction", "inbound"));
    for (int i = 0; i < more.length; i += 2) {
      byName.put(more[i], more[i + 1]);
    }
    return params(byName);
  }

  private static CallParameters params(Map<String, String> byName) {
    return new CallParameters(new HashMap<>(byName));
  }
}
