package io.switchboard.config;

import com.twilio.twiml.voice.Say;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.directory.Fallback;
import io.switchboard.directory.Fallback.ForwardCallerId;
import io.switchboard.directory.Fallback.Greeting;
import io.switchboard.directory.Fallback.RecordedGreeting;
import io.switchboard.directory.Fallback.SpokenGreeting;
import io.switchboard.directory.Fallback.Voicemail;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.security.SecretHash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code directory} section.
 *
 * @param entries               which clients answer for which number, and what a call does when none answers, read
 *                              with {@code defaultRegion}; an edit of either is put in force while running
 * @param reloadIntervalSeconds how often the configuration file is checked for directory edits; 0 for never.
 *                              Read at start-up only, like every setting outside {@code entries}
 */
public record DirectorySettings(@AppliedLive Directory entries, int reloadIntervalSeconds) {

  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final String CLIENT_NAME_RULE = "1 to 100 letters, digits, '_', '.' or '-'";
  /** Twilio rings at most ten clients in one {@code <Dial>}. */
  private static final int MAX_CLIENTS_RUNG_TOGETHER = 10;
  /** Twilio's {@code <Say>} speaks at most 4,096 characters. */
  private static final int MAX_GREETING_LENGTH = 4096;
  private static final String DEFAULT_GREETING = "Nobody can take your call. Please leave a message after the beep.";
  /** The languages of Twilio's {@code <Say>}, as its SDK knows them. */
  private static final Set<String> LANGUAGES = Arrays.stream(Say.Language.values()).map(Say.Language::toString)
      .collect(Collectors.toUnmodifiableSet());

  static DirectorySettings from(Section directory) {
    Directory entries = entries(directory);
    int reloadIntervalSeconds = directory.integer("reloadIntervalSeconds", 2, 0, 3600);
    directory.rejectUnknownKeys();
    return new DirectorySettings(entries, reloadIntervalSeconds);
  }

  private static Directory entries(Section directory) {
    String region = directory.string("defaultRegion", "ZZ");
    if (!PhoneNumbers.isSupportedRegion(region)) {
      throw directory.error("defaultRegion", "'" + region + "' is not a region code like US, FR or JP");
    }
    PhoneNumbers phoneNumbers = new PhoneNumbers(region);
    List<DirectoryEntry> entries = new ArrayList<>();
    for (Section entry : directory.sections("entries")) {
      entries.add(entry(entry, phoneNumbers));
    }
    try {
      return new Directory(phoneNumbers, entries);
    } catch (IllegalArgumentException e) {
      throw directory.error("entries", e.getMessage());
    }
  }

  private static DirectoryEntry entry(Section entry, PhoneNumbers phoneNumbers) {
    String e164 = phoneNumber(entry, "phoneNumber", phoneNumbers);
    List<String> clients = clients(entry);
    Ring ring = entry.choice("ring", Ring.class, Ring.ALL);
    if (ring == Ring.ALL && clients.size() > MAX_CLIENTS_RUNG_TOGETHER) {
      throw entry.error("clients", "Twilio rings at most " + MAX_CLIENTS_RUNG_TOGETHER
          + " clients together: use \"ring\": \"sequential\" or fewer clients");
    }
    // Twilio's own bounds for <Dial timeout>.
    OptionalInt ringSeconds = entry.optionalInteger("ringSeconds", 5, 600);
    Optional<Fallback> fallback = entry.isPresent("fallback")
        ? Optional.of(fallback(entry.section("fallback"), e164, phoneNumbers)) : Optional.empty();
    Optional<SecretHash> secret = Optional.ofNullable(entry.string("secretHash", null)).map(hash -> {
      try {
        return SecretHash.parse(hash);
      } catch (IllegalArgumentException e) {
        throw entry.error("secretHash", e.getMessage());
      }
    });
    entry.rejectUnknownKeys();
    return new DirectoryEntry(e164, clients, ring, ringSeconds, fallback, secret);
  }

  /** {@code clients}, or {@code clientName} for one: the same meaning, one spelling at a time. */
  private static List<String> clients(Section entry) {
    Optional<List<String>> clients = entry.optionalStrings("clients");
    if (clients.isEmpty()) {
      return List.of(entry.matching("clientName", CLIENT_NAME, CLIENT_NAME_RULE));
    }
    if (entry.isPresent("clientName")) {
      throw entry.error("clientName", "cannot be given with clients: name the one client in clients");
    }
    if (clients.get().isEmpty()) {
      throw entry.error("clients", "must name at least one client");
    }
    Set<String> seen = new HashSet<>();
    for (String client : clients.get()) {
      if (!CLIENT_NAME.matcher(client).matches()) {
        throw entry.error("clients", "'" + client + "' must be " + CLIENT_NAME_RULE);
      }
      if (!seen.add(client)) {
        throw entry.error("clients", "'" + client + "' is listed twice");
      }
    }
    return clients.get();
  }

  private static Fallback fallback(Section fallback, String ownNumber, PhoneNumbers phoneNumbers) {
    Optional<String> forwardTo = Optional.empty();
    if (fallback.isPresent("forwardTo")) {
      String number = phoneNumber(fallback, "forwardTo", phoneNumbers);
      if (number.equals(ownNumber)) {
        throw fallback.error("forwardTo", "is the entry's own number: the call would ring itself");
      }
      forwardTo = Optional.of(number);
    }
    ForwardCallerId callerId = fallback.choice("forwardCallerId", ForwardCallerId.class, ForwardCallerId.CALLER);
    Optional<Voicemail> voicemail = fallback.isPresent("voicemail")
        ? Optional.of(voicemail(fallback.section("voicemail"))) : Optional.empty();
    fallback.rejectUnknownKeys();
    return new Fallback(forwardTo, callerId, voicemail);
  }

  private static Voicemail voicemail(Section voicemail) {
    String language = voicemail.string("language", "en-US");
    if (!LANGUAGES.contains(language)) {
      throw voicemail.error("language", "'" + language + "' is not a language of Twilio's <Say>, such as en-US,"
          + " ja-JP or fr-FR");
    }
    Greeting greeting;
    if (voicemail.isPresent("greetingUrl")) {
      if (voicemail.isPresent("greeting")) {
        throw voicemail.error("greeting", "cannot be given with greetingUrl: choose one");
      }
      String url = voicemail.requiredString("greetingUrl");
      if (!Urls.isDownloadUrl(url)) {
        throw voicemail.error("greetingUrl", "'" + url + "' is not an http(s) URL of an audio file");
      }
      greeting = new RecordedGreeting(url);
    } else {
      String text = voicemail.string("greeting", DEFAULT_GREETING);
      if (text.isBlank() || text.length() > MAX_GREETING_LENGTH) {
        throw voicemail.error("greeting", "must be 1 to " + MAX_GREETING_LENGTH + " characters");
      }
      greeting = new SpokenGreeting(text);
    }
    // Twilio's bounds for <Record maxLength> are 1 s to 4 h; an hour is more than any message.
    int maxLengthSeconds = voicemail.integer("maxLengthSeconds", 120, 1, 3600);
    voicemail.rejectUnknownKeys();
    return new Voicemail(greeting, language, maxLengthSeconds);
  }

  private static String phoneNumber(Section section, String key, PhoneNumbers phoneNumbers) {
    String number = section.requiredString(key);
    return phoneNumbers.toE164(number)
        .orElseThrow(() -> section.error(key, "'" + number + "' is not a valid phone number"));
  }
}
