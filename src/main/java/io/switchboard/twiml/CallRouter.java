package io.switchboard.twiml;

import io.switchboard.directory.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.directory.Fallback;
import io.switchboard.directory.Fallback.ForwardCallerId;
import io.switchboard.directory.PhoneNumbers.ValidNumber;
import io.switchboard.twiml.CallPlan.DialClients;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.switchboard.twiml.CallPlan.Stage;
import io.switchboard.twiml.CallPlan.TakeMessage;
import io.switchboard.twiml.CallPlan.ThankAndHangUp;
import io.switchboard.twiml.OurSide.Direction;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Decides where a call goes from Twilio's webhook parameters, the directory and the dial policy. Pure: the same
 * parameters, directory, policy and clients online always make the same plan (the hourly cap is counted and the
 * presence looked up outside, see {@link TwimlVerticle}). An incoming call's next step after a {@code <Dial>} is a
 * function of the entry in force, the clients online and the Dial action's {@code DialCallStatus} and query, which
 * names the {@link Stage} the call was at.
 */
final class CallRouter {

  static final String CLIENT_PREFIX = "client:";
  /** The {@code DialCallStatus}es of a dial nobody answered, after which the entry's flow goes on. */
  private static final Set<String> NOT_ANSWERED = Set.of("no-answer", "busy", "failed");
  /** The language of what the caller hears when the entry says none. */
  private static final String DEFAULT_LANGUAGE = "en-US";

  private final Supplier<Directory> directories;
  private final DialPolicy policy;
  private final int dialTimeoutSeconds;

  /** @param dialTimeoutSeconds how long a dial rings when its entry says nothing else */
  CallRouter(Supplier<Directory> directories, DialPolicy policy, int dialTimeoutSeconds) {
    this.directories = directories;
    this.policy = policy;
    this.dialTimeoutSeconds = dialTimeoutSeconds;
  }

  /**
   * A phone called the Twilio number in {@code To}: ring the first step of its entry's flow worth ringing (see
   * {@link #nextStep}), or, when there is none, go straight to the entry's fallback rather than ring nobody.
   *
   * @param online the clients online now, of those {@link #clientsToLookUp} named
   */
  CallPlan incoming(CallParameters params, Set<String> online) {
    Directory directory = directories.get();
    String called = params.text("To");
    return directory.byPhoneNumber(called)
        .map(entry -> ringFrom(entry, 0, online, params.text("From")))
        .orElseGet(() -> directory.phoneNumbers().toE164(called)
            .map(number -> new Refuse(RefusalReason.UNKNOWN_NUMBER,
                "An error occurred. Your Twilio phone number " + number + " is invalid."))
            .orElseGet(() -> new Refuse(RefusalReason.UNKNOWN_NUMBER)));
  }

  /** The clients whose presence {@link #incoming} needs for {@code params}: none when it would not change the plan. */
  List<String> clientsToLookUp(CallParameters params) {
    return directories.get().byPhoneNumber(params.text("To"))
        .filter(entry -> presenceCanChangeStepsAfter(entry, 0))
        .map(DirectoryEntry::clients).orElse(List.of());
  }

  /**
   * The clients whose presence {@link #afterDial} needs for {@code params}: those of the entry of a ring step nobody
   * answered, when presence can change which step comes next; none otherwise.
   */
  List<String> clientsToLookUpAfterDial(CallParameters params) {
    Optional<Stage> stage = stageNotAnswered(params).filter(notAnswered -> notAnswered.kind() == Stage.Kind.RING);
    if (stage.isEmpty()) {
      return List.of();
    }
    return directories.get().byPhoneNumber(params.query().getOrDefault("number", ""))
        .filter(entry -> presenceCanChangeStepsAfter(entry, stage.get().step()))
        .map(DirectoryEntry::clients).orElse(List.of());
  }

  /**
   * A browser client ({@code From = client:<name>}) calls the destination in {@code callOutgoingPhoneNumber} (the
   * walkthrough) or {@code To} (the Voice SDK). The caller ID is one of the client's own numbers: the one it claims
   * in {@code callerPhoneNumber} (the walkthrough; any other is refused as spoofing), else the one it asks for in
   * {@code callerId} (the Voice SDK's parameters) when it owns it, else the first of its entries. A destination
   * that is a client's name rings that client; one of the directory's numbers rings its entry's clients; any other
   * number must pass the dial policy.
   */
  CallPlan outgoing(CallParameters params) {
    // One directory for the whole decision, even if a reload swaps it meanwhile.
    Directory directory = directories.get();
    String from = params.text("From");
    List<DirectoryEntry> callerEntries = from.startsWith(CLIENT_PREFIX)
        ? directory.entriesOf(from.substring(CLIENT_PREFIX.length())) : List.of();
    if (callerEntries.isEmpty()) {
      return new Refuse(RefusalReason.UNREGISTERED_CLIENT);
    }
    String claimedCallerNumber = params.text("callerPhoneNumber");
    Optional<String> claimed = owned(directory, callerEntries, claimedCallerNumber);
    if (!claimedCallerNumber.isEmpty() && claimed.isEmpty()) {
      return new Refuse(RefusalReason.SPOOFED_CALLER_ID);
    }
    String callerId = claimed.or(() -> owned(directory, callerEntries, params.text("callerId")))
        .orElse(callerEntries.get(0).phoneNumber());
    OurSide side = new OurSide(Direction.OUTGOING, callerId, from.substring(CLIENT_PREFIX.length()));
    String walkthroughDestination = params.text("callOutgoingPhoneNumber");
    String destination = walkthroughDestination.isEmpty() ? params.text("To") : walkthroughDestination;
    String calleeName = destination.startsWith(CLIENT_PREFIX) ? destination.substring(CLIENT_PREFIX.length())
        : destination;
    if (!directory.entriesOf(calleeName).isEmpty()) {
      return new DialClients(List.of(calleeName), callerId, dialTimeoutSeconds, side, Optional.empty());
    }
    Optional<ValidNumber> number = directory.phoneNumbers().parse(destination);
    if (number.isEmpty()) {
      return new Refuse(RefusalReason.INVALID_DESTINATION);
    }
    // One of our own numbers: ring its clients, rather than a call out to the public network and back in.
    Optional<DirectoryEntry> calleeByNumber = directory.byPhoneNumber(number.get().e164());
    if (calleeByNumber.isPresent()) {
      return new DialClients(calleeByNumber.get().clients(), callerId, dialTimeoutSeconds, side, Optional.empty());
    }
    return switch (policy.check(number.get(), directory)) {
      case ALLOWED -> new DialNumber(number.get().e164(), callerId, dialTimeoutSeconds, side, Optional.empty());
      case COUNTRY_NOT_ALLOWED -> new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED);
      case NUMBER_TYPE_BLOCKED -> new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED);
    };
  }

  /**
   * Twilio's {@code <Dial action>}: the dial is over ({@code DialCallStatus}). An answered dial, a caller who hung
   * up, and a dial with no stage of an entry's flow end the call. A dial nobody answered goes on to the next step of
   * the entry in force for the query's {@code number}: the next ring step worth ringing (see {@link #nextStep}),
   * then the forward, then the voicemail. An entry that a reload removed meanwhile ends the call with a spoken error.
   *
   * @param online the clients online now, of those {@link #clientsToLookUpAfterDial} named
   */
  CallPlan afterDial(CallParameters params, Set<String> online) {
    Optional<Stage> stage = stageNotAnswered(params);
    if (stage.isEmpty()) {
      return new HangUp();
    }
    Optional<DirectoryEntry> entry = directories.get().byPhoneNumber(params.query().getOrDefault("number", ""));
    if (entry.isEmpty()) {
      return new Refuse(RefusalReason.ENTRY_REMOVED);
    }
    return switch (stage.get().kind()) {
      case RING -> ringFrom(entry.get(), stage.get().step(), online, params.text("From"));
      case FORWARD -> voicemail(entry.get());
    };
  }

  /** Twilio's {@code <Record action>}: the message is taken; thanks in the voicemail's language, and goodbye. */
  CallPlan afterRecord(CallParameters params) {
    String language = directories.get().byPhoneNumber(params.query().getOrDefault("number", ""))
        .flatMap(DirectoryEntry::fallback).flatMap(Fallback::voicemail).map(Fallback.Voicemail::language)
        .orElse(DEFAULT_LANGUAGE);
    return new ThankAndHangUp(language);
  }

  /** The stage a Dial action names, when its dial was not answered: the flow goes on from there. */
  private static Optional<Stage> stageNotAnswered(CallParameters params) {
    return Stage.of(params.query()).filter(stage -> NOT_ANSWERED.contains(params.text("DialCallStatus")));
  }

  /** The next ring step after {@code after} worth ringing, or the entry's fallback when there is none. */
  private CallPlan ringFrom(DirectoryEntry entry, int after, Set<String> online, String caller) {
    OptionalInt step = nextStep(entry, after, online);
    return step.isPresent() ? ring(entry, step.getAsInt()) : forward(entry, caller);
  }

  /**
   * The first ring step after {@code after} (0 for the first) worth ringing; empty when the ringing is over. With the
   * entry's presence on, a step none of whose clients is online is skipped, so that a caller never waits out a
   * sequential turn of a client whose page is closed. When none of the entry's clients is online at all, the entry's
   * fallback takes the call at once; an entry without one rings every step as ever, since nothing else could take
   * the call and a presence can lag behind a page that just opened. With presence off, every step rings.
   */
  private static OptionalInt nextStep(DirectoryEntry entry, int after, Set<String> online) {
    IntStream later = IntStream.rangeClosed(after + 1, entry.ringSteps());
    if (!entry.presence()) {
      return later.findFirst();
    }
    if (entry.clients().stream().noneMatch(online::contains)) {
      return hasFallback(entry) ? OptionalInt.empty() : later.findFirst();
    }
    return later.filter(step -> clientsOf(entry, step).stream().anyMatch(online::contains)).findFirst();
  }

  /**
   * Whether {@link #nextStep} after {@code after} can depend on who is online: not with presence off, nor once the
   * ringing is over, nor for an entry without a fallback that rings all its clients in one step (someone online or
   * not, that step rings).
   */
  private static boolean presenceCanChangeStepsAfter(DirectoryEntry entry, int after) {
    return entry.presence() && after < entry.ringSteps()
        && (hasFallback(entry) || entry.ring() == Ring.SEQUENTIAL && entry.clients().size() > 1);
  }

  /** The clients that ring step {@code step} (from 1): all of the entry's at once, or its {@code step}-th in turn. */
  private static List<String> clientsOf(DirectoryEntry entry, int step) {
    return entry.ring() == Ring.ALL ? entry.clients() : List.of(entry.clients().get(step - 1));
  }

  /** Ring step {@code step} (from 1) of {@code entry}: all its clients at once, or its {@code step}-th in turn. */
  private CallPlan ring(DirectoryEntry entry, int step) {
    List<String> clients = clientsOf(entry, step);
    OurSide side = clients.size() == 1 ? new OurSide(Direction.INCOMING, entry.phoneNumber(), clients.get(0))
        : OurSide.incoming(entry.phoneNumber());
    boolean goesOn = entry.ringSteps() > 1 || hasFallback(entry);
    return new DialClients(clients, null, entry.ringSeconds().orElse(dialTimeoutSeconds), side,
        goesOn ? Optional.of(Stage.ring(step)) : Optional.empty());
  }

  /** After the ringing: the entry's forward, or what follows it. */
  private CallPlan forward(DirectoryEntry entry, String caller) {
    Optional<String> forwardTo = entry.fallback().flatMap(Fallback::forwardTo);
    if (forwardTo.isEmpty()) {
      return voicemail(entry);
    }
    // A caller who withholds their number (From "anonymous") is shown as the office line.
    String callerId = entry.fallback().get().forwardCallerId() == ForwardCallerId.CALLER
        ? directories.get().phoneNumbers().toE164(caller).orElse(entry.phoneNumber()) : entry.phoneNumber();
    return new DialNumber(forwardTo.get(), callerId, entry.ringSeconds().orElse(dialTimeoutSeconds),
        OurSide.incoming(entry.phoneNumber()), Optional.of(Stage.FORWARD));
  }

  /** The last step: the entry's voicemail, or the end of the call. */
  private static CallPlan voicemail(DirectoryEntry entry) {
    return entry.fallback().flatMap(Fallback::voicemail)
        .<CallPlan>map(voicemail -> new TakeMessage(voicemail, entry.phoneNumber()))
        .orElseGet(HangUp::new);
  }

  private static boolean hasFallback(DirectoryEntry entry) {
    return entry.fallback().filter(fallback -> fallback.forwardTo().isPresent() || fallback.voicemail().isPresent())
        .isPresent();
  }

  /** {@code raw} in E.164 when it is the number of one of {@code entries}; empty for no number or another. */
  private static Optional<String> owned(Directory directory, List<DirectoryEntry> entries, String raw) {
    return directory.phoneNumbers().toE164(raw)
        .filter(number -> entries.stream().anyMatch(entry -> entry.phoneNumber().equals(number)));
  }
}
