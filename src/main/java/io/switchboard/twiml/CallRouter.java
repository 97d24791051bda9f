package io.switchboard.twiml;

import io.switchboard.directory.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers.ValidNumber;
import io.switchboard.twiml.CallPlan.DialClient;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.switchboard.twiml.OurSide.Direction;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides where a call goes from Twilio's webhook parameters, the directory and the dial policy. Pure: the same
 * parameters, directory and policy always make the same plan (the hourly cap is counted outside, see
 * {@link TwimlVerticle}).
 */
final class CallRouter {

  static final String CLIENT_PREFIX = "client:";

  private final Supplier<Directory> directories;
  private final DialPolicy policy;

  CallRouter(Supplier<Directory> directories, DialPolicy policy) {
    this.directories = directories;
    this.policy = policy;
  }

  /** A phone called the Twilio number in {@code To}: ring its client. */
  CallPlan incoming(CallParameters params) {
    Directory directory = directories.get();
    String called = params.text("To");
    return directory.byPhoneNumber(called)
        .<CallPlan>map(entry -> new DialClient(entry.clientName(), null,
            new OurSide(Direction.INCOMING, entry.phoneNumber(), entry.clientName())))
        .orElseGet(() -> directory.phoneNumbers().toE164(called)
            .map(number -> new Refuse(RefusalReason.UNKNOWN_NUMBER,
                "An error occurred. Your Twilio phone number " + number + " is invalid."))
            .orElseGet(() -> new Refuse(RefusalReason.UNKNOWN_NUMBER)));
  }

  /**
   * A browser client ({@code From = client:<name>}) calls the destination in {@code callOutgoingPhoneNumber} (the
   * walkthrough) or {@code To} (the Voice SDK). The caller ID is always the client's own number. A destination
   * that is a client's name or number rings that client directly; any other number must pass the dial policy.
   */
  CallPlan outgoing(CallParameters params) {
    // One directory for the whole decision, even if a reload swaps it meanwhile.
    Directory directory = directories.get();
    Optional<DirectoryEntry> caller = callingClient(directory, params.text("From"));
    if (caller.isEmpty()) {
      return new Refuse(RefusalReason.UNREGISTERED_CLIENT);
    }
    String callerId = caller.get().phoneNumber();
    OurSide side = new OurSide(Direction.OUTGOING, callerId, caller.get().clientName());
    String claimedCallerNumber = params.text("callerPhoneNumber");
    if (!claimedCallerNumber.isEmpty()
        && !directory.phoneNumbers().toE164(claimedCallerNumber).map(callerId::equals).orElse(false)) {
      return new Refuse(RefusalReason.SPOOFED_CALLER_ID);
    }
    String walkthroughDestination = params.text("callOutgoingPhoneNumber");
    String destination = walkthroughDestination.isEmpty() ? params.text("To") : walkthroughDestination;
    Optional<DirectoryEntry> calleeByName = destinationClient(directory, destination);
    if (calleeByName.isPresent()) {
      return new DialClient(calleeByName.get().clientName(), callerId, side);
    }
    Optional<ValidNumber> number = directory.phoneNumbers().parse(destination);
    if (number.isEmpty()) {
      return new Refuse(RefusalReason.INVALID_DESTINATION);
    }
    // One of our own numbers: ring its client, rather than a call out to the public network and back in.
    Optional<DirectoryEntry> calleeByNumber = directory.byPhoneNumber(number.get().e164());
    if (calleeByNumber.isPresent()) {
      return new DialClient(calleeByNumber.get().clientName(), callerId, side);
    }
    return switch (policy.check(number.get(), directory)) {
      case ALLOWED -> new DialNumber(number.get().e164(), callerId, side);
      case COUNTRY_NOT_ALLOWED -> new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED);
      case NUMBER_TYPE_BLOCKED -> new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED);
    };
  }

  /**
   * Twilio's {@code <Dial action>}: the dial is over ({@code DialCallStatus}), and the call ends, whatever the
   * outcome. The query names our side of the call, for what will follow a dial nobody answered.
   */
  CallPlan afterDial(CallParameters params) {
    return new HangUp();
  }

  private static Optional<DirectoryEntry> callingClient(Directory directory, String from) {
    if (!from.startsWith(CLIENT_PREFIX)) {
      return Optional.empty();
    }
    return directory.byClientName(from.substring(CLIENT_PREFIX.length()));
  }

  private static Optional<DirectoryEntry> destinationClient(Directory directory, String destination) {
    String name = destination.startsWith(CLIENT_PREFIX) ? destination.substring(CLIENT_PREFIX.length()) : destination;
    return directory.byClientName(name);
  }
}
