package io.switchboard.directory;

import java.util.Optional;

/**
 * What a call to an entry does when none of its clients answered, in order: ring a phone, then take a message.
 * Either may be left out; an entry with neither ends the call.
 *
 * @param forwardTo       a phone number in E.164, rung with {@code forwardCallerId}
 * @param forwardCallerId whose number the forwarded call shows
 */
public record Fallback(Optional<String> forwardTo, ForwardCallerId forwardCallerId, Optional<Voicemail> voicemail) {

  /** The caller ID of a forwarded call. */
  public enum ForwardCallerId {
    /** The caller's own number: the person forwarded to sees who calls. */
    CALLER,
    /** The Twilio number called: the person forwarded to knows the call comes through the office line. */
    TWILIO
  }

  /**
   * A message taken after a greeting.
   *
   * @param greeting         what the caller hears before the beep
   * @param language         the language of the greeting and of the goodbye after the message, as Twilio's
   *                         {@code <Say language>} names it
   * @param maxLengthSeconds the longest message
   */
  public record Voicemail(Greeting greeting, String language, int maxLengthSeconds) {
  }

  /** A greeting spoken by Twilio, or an audio file it plays. */
  public sealed interface Greeting {
  }

  /** Text that Twilio's {@code <Say>} speaks in the voicemail's language. */
  public record SpokenGreeting(String text) implements Greeting {
  }

  /** An http(s) URL of an audio file that Twilio's {@code <Play>} fetches and plays. */
  public record RecordedGreeting(String url) implements Greeting {
  }
}
