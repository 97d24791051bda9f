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

/**
 * What the directory the simulator was given says a call to one of its entries does next, and whether the server's
 * TwiML does that: the entry's clients rung together or in turn, then its forward, then its voicemail, then the end.
 * Written from the directory's documented meaning, not from the server's code, so that it can disagree with it.
 */
final class DirectoryFlow {

  /** The leg events a call record is made of: every leg the server dials must ask for them. */
  private static final String LEG_EVENTS = "initiated ringing answered completed";

  sealed interface Step permits RingClients, Forward, TakeMessage, HangUp, Thanks {
  }

  /** The {@code step}-th ring (from 1) of the entry's clients. */
  record RingClients(int step, List<String> clients, int timeoutSeconds) implements Step {
  }

  record Forward(String phoneNumber, int timeoutSeconds) implements Step {
  }

  record TakeMessage() implements Step {
  }

  record HangUp() implements Step {
  }

  /** After a message: thanks, and the end. */
  record Thanks() implements Step {
  }

  private final DirectoryEntry entry;
  private final int dialTimeoutSeconds;

  DirectoryFlow(DirectoryEntry entry, int dialTimeoutSeconds) {
    this.entry = entry;
    this.dialTimeoutSeconds = dialTimeoutSeconds;
  }

  Step first() {
    return ring(1);
  }

  /** After a dial that nobody answered, and the caller still there. */
  Step afterUnanswered(Step dialled) {
    if (dialled instanceof RingClients ring && ring.step() < entry.ringSteps()) {
      return ring(ring.step() + 1);
    }
    Optional<Fallback> fallback = entry.fallback();
    if (dialled instanceof RingClients && fallback.flatMap(Fallback::forwardTo).isPresent()) {
      return new Forward(fallback.get().forwardTo().get(), timeout());
    }
    return fallback.flatMap(Fallback::voicemail).isPresent() ? new TakeMessage() : new HangUp();
  }

  private RingClients ring(int step) {
    return new RingClients(step, entry.ring() == Ring.ALL ? entry.clients() : List.of(entry.clients().get(step - 1)),
        timeout());
  }

  private int timeout() {
    return entry.ringSeconds().orElse(dialTimeoutSeconds);
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
    } else if (expected instanceof Forward forward) {
      problem = dial.isEmpty() ? "expected the forward <Dial><Number>, got " + answer.outline()
          : dial.get().nouns().size() != 1 || dial.get().nouns().get(0).client()
              || !dial.get().nouns().get(0).target().equals(forward.phoneNumber())
          ? "forwarded elsewhere than the directory's forward number"
          : dialProblem(dial.get(), forward.timeoutSeconds());
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
