package io.switchboard.twiml;

import io.switchboard.directory.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.directory.Fallback;
import io.switchboard.directory.Fallback.ForwardCallerId;
import io.switchboard.directory.Fallback.SpokenGreeting;
import io.switchboard.directory.Fallback.Voicemail;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.twiml.CallPlan.DialClients;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.Stage;
import io.switchboard.twiml.CallPlan.TakeMessage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole call that nobody answers, played through the router as Twilio plays it (the incoming call, then one Dial
 * action after another, each following the stage its dial named), for any entry and any clients online: who rings,
 * in which order, and what follows the ringing.
 */
class CallRouterPresenceProperties {

  private static final String NUMBER = "+815031230002";
  private static final String CALLER = "+819059876543";
  private static final String FORWARD_TO = "+819012345678";
  private static final List<String> CLIENTS = List.of("a", "b", "c", "d");
  /** More steps than any entry here has: a walk that does not end within it is a loop. */
  private static final int MAX_DIALS = 10;

  /** An entry and the clients online, perhaps some of another entry. */
  record Case(DirectoryEntry entry, Set<String> online) {
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<String>> clients = Arbitraries.integers().between(1, CLIENTS.size())
        .map(count -> CLIENTS.subList(0, count));
    Arbitrary<Optional<Fallback>> fallbacks = Arbitraries.of(
        Optional.empty(),
        Optional.of(new Fallback(Optional.of(FORWARD_TO), ForwardCallerId.CALLER, Optional.empty())),
        Optional.of(new Fallback(Optional.empty(), ForwardCallerId.CALLER,
            Optional.of(new Voicemail(new SpokenGreeting("Leave a message."), "en-US", 60)))),
        Optional.of(new Fallback(Optional.of(FORWARD_TO), ForwardCallerId.TWILIO,
            Optional.of(new Voicemail(new SpokenGreeting("Leave a message."), "en-US", 60)))));
    Arbitrary<DirectoryEntry> entries = Combinators.combine(clients, Arbitraries.of(Ring.class), fallbacks,
            Arbitraries.of(true, false))
        .as((names, ring, fallback, presence) -> new DirectoryEntry(NUMBER, names, ring, OptionalInt.of(15), fallback,
            Optional.empty(), presence));
    Arbitrary<Set<String>> online = Arbitraries.of("a", "b", "c", "d", "someone-else").set();
    return Combinators.combine(entries, online).as(Case::new);
  }

  /** With presence on and someone online, exactly the online clients ring, each once, in the file's order. */
  @Property
  void aSequentialGroupRingsItsOnlineClientsOnlyInTurn(@ForAll("cases") Case call) {
    DirectoryEntry entry = call.entry();
    List<String> onlineClients = entry.clients().stream().filter(call.online()::contains).toList();
    if (!entry.presence() || entry.ring() != Ring.SEQUENTIAL || onlineClients.isEmpty()) {
      return;
    }
    assertEquals(onlineClients, rung(walk(call)));
  }

  /** A group rung at once rings all its clients when someone is online: see docs/architecture.md for why. */
  @Property
  void aGroupRungAtOnceRingsEveryClientWhenOneIsOnline(@ForAll("cases") Case call) {
    DirectoryEntry entry = call.entry();
    if (entry.ring() != Ring.ALL || entry.clients().stream().noneMatch(call.online()::contains)) {
      return;
    }
    assertEquals(List.of(entry.clients()), walk(call).stream().filter(DialClients.class::isInstance)
        .map(plan -> ((DialClients) plan).clients()).toList());
  }

  /**
   * Nobody online: an entry with a fallback goes to it without ringing anyone; one without a fallback, or with
   * presence off whoever is online, rings every step in turn, as it always did.
   */
  @Property
  void nobodyOnlineGoesToTheFallbackOrRingsAsEver(@ForAll("cases") Case call) {
    DirectoryEntry entry = call.entry();
    boolean nobodyOnline = entry.clients().stream().noneMatch(call.online()::contains);
    if (entry.presence() && !nobodyOnline) {
      return;
    }
    boolean straightToFallback = entry.presence() && entry.fallback().isPresent();
    assertEquals(straightToFallback ? List.of() : entry.clients(), rung(walk(call)));
  }

  /** After the ringing, whoever rang, the entry's fallback as written: the forward, then the voicemail, then the end. */
  @Property
  void theFallbackFollowsTheRingingInOrder(@ForAll("cases") Case call) {
    List<CallPlan> plans = walk(call);
    List<CallPlan> after = plans.subList((int) plans.stream().filter(DialClients.class::isInstance).count(),
        plans.size());
    Optional<Fallback> fallback = call.entry().fallback();
    List<Class<?>> expected = new ArrayList<>();
    fallback.flatMap(Fallback::forwardTo).ifPresent(forward -> expected.add(DialNumber.class));
    expected.add(fallback.flatMap(Fallback::voicemail).isPresent() ? TakeMessage.class : HangUp.class);
    assertEquals(expected, after.stream().<Class<?>>map(Object::getClass).toList());
  }

  /**
   * Each webhook's plan depends on the presence of the clients the router asks for, and of no one else: the
   * server looks up only those (and takes them all as online when it cannot).
   */
  @Property
  void eachPlanDependsOnTheClientsLookedUpOnly(@ForAll("cases") Case call) {
    CallRouter router = router(call.entry());
    CallParameters incoming = incoming();
    assertEquals(router.incoming(incoming, call.online()),
        router.incoming(incoming, only(call.online(), router.clientsToLookUp(incoming))));
    for (int step = 1; step <= call.entry().ringSteps(); step++) {
      for (String status : List.of("no-answer", "busy", "failed", "completed", "canceled")) {
        CallParameters action = dialAction(Stage.ring(step), status);
        assertEquals(router.afterDial(action, call.online()),
            router.afterDial(action, only(call.online(), router.clientsToLookUpAfterDial(action))),
            "after step " + step + " " + status);
      }
    }
    assertEquals(List.of(), router.clientsToLookUpAfterDial(dialAction(Stage.FORWARD, "no-answer")));
  }

  /**
   * The plans of a call nobody answers, from the incoming call to the last; each Dial action follows its stage. A dial
   * that names no stage has no Dial action: the call ends when it is over, written here as a {@link HangUp}.
   */
  private static List<CallPlan> walk(Case call) {
    CallRouter router = router(call.entry());
    List<CallPlan> plans = new ArrayList<>(List.of(router.incoming(incoming(), call.online())));
    while (plans.get(plans.size() - 1) instanceof DialClients || plans.get(plans.size() - 1) instanceof DialNumber) {
      assertTrue(plans.size() <= MAX_DIALS, () -> "no end: " + plans);
      Optional<Stage> stage = stageOf(plans.get(plans.size() - 1));
      plans.add(stage.isEmpty() ? new HangUp() : router.afterDial(dialAction(stage.get(), "no-answer"), call.online()));
    }
    return plans;
  }

  /** Every client rung, in order, one per sequential step. */
  private static List<String> rung(List<CallPlan> plans) {
    return plans.stream().filter(DialClients.class::isInstance)
        .flatMap(plan -> ((DialClients) plan).clients().stream()).toList();
  }

  private static Optional<Stage> stageOf(CallPlan plan) {
    if (plan instanceof DialClients dial) {
      return dial.stage();
    }
    return plan instanceof DialNumber dial ? dial.stage() : Optional.empty();
  }

  private static Set<String> only(Set<String> online, List<String> lookedUp) {
    Set<String> kept = new HashSet<>(online);
    kept.retainAll(lookedUp);
    return kept;
  }

  private static CallRouter router(DirectoryEntry entry) {
    Directory directory = new Directory(new PhoneNumbers("JP"), List.of(entry));
    return new CallRouter(() -> directory, DialPolicy.defaults(), 60);
  }

  private static CallParameters incoming() {
    return new CallParameters(new HashMap<>(Map.of("From", CALLER, "To", NUMBER, "Direction", "inbound")));
  }

  /** Twilio's request to the Dial action that a dial at {@code stage} named, as {@link CallbackUrls} writes it. */
  private static CallParameters dialAction(Stage stage, String status) {
    Map<String, String> query = new HashMap<>(Map.of("direction", "incoming", "number", NUMBER));
    query.put("stage", stage.kind() == Stage.Kind.RING ? "ring" : "forward");
    if (stage.kind() == Stage.Kind.RING) {
      query.put("step", Integer.toString(stage.step()));
    }
    return new CallParameters(new HashMap<>(Map.of("From", CALLER, "To", NUMBER, "DialCallStatus", status)), query);
  }
}
