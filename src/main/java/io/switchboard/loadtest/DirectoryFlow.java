package io.switchboard.loadtest;

import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.directory.Fallback;
import io.switchboard.loadtest.TwimlAnswer.Dial;
import io.switchboard.loadtest.TwimlAnswer.Hangup;
import io.switchboard.loadtest.TwimlAnswer.Noun;
import io.switchboard.loadtest.TwimlAnswer.Record;
import io.switchboard.loadtest.TwimlAnswer.Say;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the directory the simulator was given says a call does next, and whether the server's TwiML does that: a
 * call to an entry rings its clients together or in turn, then its forward, then its voicemail, then ends; a
 * client's call out dials the phone with the client's number as caller ID, then ends. Written from the directory's
 * documented meaning, not from the server's code, so that it can disagree with it.
 */
final class DirectoryFlow {

  /** The leg events a call record is made of: every leg the server dials must ask for them. */
  private static final String LEG_EVENTS = "initiated ringing answered completed";

  sealed interface Step permits RingClients, DialPhone, TakeMessage, HangUp, Thanks {
  }

  /** The {@code step}-th ring (from 1) of the entry's clients. */
  record RingClients(int step, List<String> clients, int timeoutSeconds) implements Step {
  }

  /** A phone dialled: the entry's forward, or where a client calls. */
  record DialPhone(String phoneNumber, String callerId, int timeoutSeconds) implements Step {
  }

  record TakeMessage() implements Step {
  }

  record HangUp() implements Step {
  }

  /** After a message: thanks, and the end. */
  record Thanks() implements Step {
  }

  /** The entry called, or none for a client's call out. */
  private final Optional<DirectoryEntry> entry;
  private final Step first;
  private final String caller;
  private final int dialTimeoutSeconds;

  private DirectoryFlow(Optional<DirectoryEntry> entry, Step first, String caller, int dialTimeoutSeconds) {
    this.entry = entry;
    this.first = first;
    this.caller = caller;
    this.dialTimeoutSeconds = dialTimeoutSeconds;
  }

  /** A phone, {@code caller} in E.164, calls {@code entry}'s number. */
  static DirectoryFlow incoming(DirectoryEntry entry, String caller, int dialTimeoutSeconds) {
    return new DirectoryFlow(Optional.of(entry), new RingClients(1, ringed(entry, 1),
        entry.ringSeconds().orElse(dialTimeoutSeconds)), caller, dialTimeoutSeconds);
  }

  /** A client calls {@code phone}, shown as {@code callerId}: the number of its first entry. */
  static DirectoryFlow outgoing(String phone, String callerId, int dialTimeoutSeconds) {
    return new DirectoryFlow(Optional.empty(), new DialPhone(phone, callerId, dialTimeoutSeconds), "",
        dialTimeoutSeconds);
  }

  Step first() {
    return first;
  }

  /** After a dial that nobody answered, and the caller still there. */
  Step afterUnanswered(Step dialled) {
    if (entry.isEmpty()) {
      return new HangUp();
    }
    DirectoryEntry called = entry.get();
    if (dialled instanceof RingClients ring && ring.step() < called.ringSteps()) {
      return new RingClients(ring.step() + 1, ringed(called, ring.step() + 1), timeout());
    }
    Optional<Fallback> fallback = called.fallback();
    if (dialled instanceof RingClients && fallback.flatMap(Fallback::forwardTo).isPresent()) {
      // Outside phones call in E.164 already, as they are shown when the forward shows the caller.
      String callerId = fallback.get().forwardCallerId() == Fallback.ForwardCallerId.CALLER ? caller
          : called.phoneNumber();
      return new DialPhone(fallback.get().forwardTo().get(), callerId, timeout());
    }
    return fallback.flatMap(Fallback::voicemail).isPresent() ? new TakeMessage() : new HangUp();
  }

  private static List<String> ringed(DirectoryEntry entry, int step) {
    return entry.ring() == Ring.ALL ? entry.clients() : List.of(entry.clients().get(step - 1));
  }

  private int timeout() {
    return entry.map(DirectoryEntry::ringSeconds).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt)
        .orElse(dialTimeoutSeconds);
  }

  /**
   * @param what what the TwiML answered, as an error names it: {@code incoming call}, {@code Dial action}...
   * @return what is wrong with {@code answer} for {@code expected}, a kind of error without any call's own values
   */
  static Optional<String> check(Step expected, TwimlAnswer answer, String what) {
    Optional<Dial> dial = answer.first(Dial.class);
    Optional<Record> record = answer.first(Record.class);
    String problem;
    if (expected instanceof RingClients ring) {
      problem = dial.isEmpty() ? "expected the ring of the directory's clients, got " + answer.outline()
          : !dial.get().nouns().stream().allMatch(Noun::client)
              || !dial.get().nouns().stream().map(Noun::target).toList().equals(ring.clients())
          ? "rang other clients than the directory's (ring " + ring.step() + ")"
          : dialProblem(dial.get(), ring.timeoutSeconds());
    } else if (expected instanceof DialPhone phone) {
      problem = dial.isEmpty() ? refusedByCallCap(answer) ? TwilioTraffic.REFUSED_BY_CALL_CAP.kind()
          : "expected the <Dial><Number>, got " + answer.outline()
          : dial.get().nouns().size() != 1 || dial.get().nouns().get(0).client()
              || !dial.get().nouns().get(0).target().equals(phone.phoneNumber())
          ? "dialled another number than the directory says"
          : !dial.get().callerId().equals(phone.callerId()) ? "a caller ID other than the directory's"
          : dialProblem(dial.get(), phone.timeoutSeconds());
    } else if (expected instanceof TakeMessage) {
      problem = record.isEmpty() ? "expected the voicemail's <Record>, got " + answer.outline()
          : record.get().action().isEmpty() || record.get().recordingStatusCallback().isEmpty()
          ? "a <Record> without its action or recordingStatusCallback" : null;
    } else if (expected instanceof HangUp) {
      problem = answer.verbs().equals(List.of(new Hangup())) ? null : "expected <Hangup>, got " + answer.outline();
    } else {
      problem = answer.verbs().size() == 2 && answer.verbs().get(0) instanceof Say
          && answer.verbs().get(1) instanceof Hangup ? null : "expected <Say><Hangup>, got " + answer.outline();
    }
    return Optional.ofNullable(problem).map(text -> what + ": " + text);
  }

  /** The server's right answer to more calls out than {@code dial.maxCallsPerHour}: named with the key to raise. */
  private static boolean refusedByCallCap(TwimlAnswer answer) {
    return answer.first(Say.class).filter(say -> say.text().contains(TwilioTraffic.CALL_CAP_SAID)).isPresent();
  }

  private static String dialProblem(Dial dial, int timeoutSeconds) {
    if (dial.timeoutSeconds() != timeoutSeconds) {
      return "a <Dial timeout> other than the directory's";
    }
    if (dial.action().isEmpty()) {
      return "a <Dial> without an action";
    }
    boolean legsReported = dial.nouns().stream()
        .allMatch(noun -> !noun.statusCallback().isEmpty() && noun.events().equals(LEG_EVENTS));
    return legsReported ? null : "a leg without its statusCallback for " + LEG_EVENTS;
  }
}
