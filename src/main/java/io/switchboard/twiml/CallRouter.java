package io.switchboard.twiml;

import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.twiml.CallPlan.DialClient;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.Refuse;

import java.util.Optional;
import java.util.function.Supplier;

/** Decides where a call goes from Twilio's webhook parameters and the directory. */
final class CallRouter {

  static final String CLIENT_PREFIX = "client:";

  private final Supplier<Directory> directories;

  CallRouter(Supplier<Directory> directories) {
    this.directories = directories;
  }

  /** A phone called the Twilio number in {@code To}: ring its client. */
  CallPlan incoming(CallParameters params) {
    Directory directory = directories.get();
    String called = params.text("To");
    return directory.byPhoneNumber(called)
        .<CallPlan>map(entry -> new DialClient(entry.clientName(), null))
        .orElseGet(() -> new Refuse(directory.phoneNumbers().toE164(called)
            .map(number -> "An error occurred. Your Twilio phone number " + number + " is invalid.")
            .orElse("An error occurred. The Twilio phone number called is invalid.")));
  }

  /**
   * A browser client ({@code From = client:<name>}) calls the destination in {@code callOutgoingPhoneNumber} (the
   * walkthrough) or {@code To} (the Voice SDK). The caller ID is always the client's own number.
   */
  CallPlan outgoing(CallParameters params) {
    // One directory for the whole decision, even if a reload swaps it meanwhile.
    Directory directory = directories.get();
    Optional<DirectoryEntry> caller = callingClient(directory, params.text("From"));
    if (caller.isEmpty()) {
      return new Refuse("An error occurred. This client is not registered.");
    }
    String callerId = caller.get().phoneNumber();
    String claimedCallerNumber = params.text("callerPhoneNumber");
    if (!claimedCallerNumber.isEmpty()
        && !directory.phoneNumbers().toE164(claimedCallerNumber).map(callerId::equals).orElse(false)) {
      return new Refuse("An error occurred. The caller number is not the number of this client.");
    }
    String walkthroughDestination = params.text("callOutgoingPhoneNumber");
    String destination = walkthroughDestination.isEmpty() ? params.text("To") : walkthroughDestination;
    return destinationClient(directory, destination)
        .<CallPlan>map(callee -> new DialClient(callee.clientName(), callerId))
        .or(() -> directory.phoneNumbers().toE164(destination).map(number -> new DialNumber(number, callerId)))
        .orElseGet(() -> new Refuse("An error occurred. The number you called is invalid."));
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
