package io.switchboard.config;

import com.twilio.twiml.voice.Say;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A directory entry as JSON, the shape of {@code directory.entries[]}: read with every check of the configuration
 * (the file's entries and the admin API's go through the same {@link #read}), and written back in that shape, so
 * that what is written reads back as the same entry.
 */
public final class DirectoryEntryFormat {

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
  /** Hex digits of the hash shown on /health: enough for an operator to see two nodes differ. */
  private static final int HASH_HEX_DIGITS = 16;

  private DirectoryEntryFormat() {
  }

  /**
   * Reads one entry, numbers written in {@code phoneNumbers}' default region.
   *
   * @throws ConfigException naming the key at fault, as {@code clients: 'a b' must be ...}
   */
  public static DirectoryEntry read(JsonObject json, PhoneNumbers phoneNumbers) {
    return read(new Section("", json), phoneNumbers);
  }

  /** The entry in the configuration's shape, numbers in E.164: {@code clientName} for one client. */
  public static JsonObject write(DirectoryEntry entry) {
    JsonObject json = new JsonObject().put("phoneNumber", entry.phoneNumber());
    if (entry.clients().size() == 1) {
      json.put("clientName", entry.clients().get(0));
    } else {
      json.put("clients", new JsonArray(entry.clients()));
    }
    json.put("ring", lowerCase(entry.ring()));
    entry.ringSeconds().ifPresent(seconds -> json.put("ringSeconds", seconds));
    entry.fallback().ifPresent(fallback -> json.put("fallback", write(fallback)));
    entry.secret().ifPresent(hash -> json.put("secretHash", hash.encoded()));
    if (!entry.presence()) {
      json.put("presence", false);
    }
    return json;
  }

  /**
   * A short hash of the entries, in order, as {@link #write} writes them: equal wherever the same entries are in
   * force, whatever the spelling of the file they came from.
   */
  public static String hash(List<DirectoryEntry> entries) {
    JsonArray all = new JsonArray();
    entries.forEach(entry -> all.add(write(entry)));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static JsonObject write(Fallback fallback) {
    JsonObject json = new JsonObject();
    fallback.forwardTo().ifPresent(number -> json.put("forwardTo", number)
        .put("forwardCallerId", lowerCase(fallback.forwardCallerId())));
    fallback.voicemail().ifPresent(voicemail -> {
      JsonObject message = new JsonObject();
      if (voicemail.greeting() instanceof RecordedGreeting recorded) {
        message.put("greetingUrl", recorded.url());
      } else {
        message.put("greeting", ((SpokenGreeting) voicemail.greeting()).text());
      }
      json.put("voicemail", message.put("language", voicemail.language())
          .put("maxLengthSeconds", voicemail.maxLengthSeconds()));
    });
    return json;
  }

  private static String lowerCase(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** Reads one entry of the configuration's shape, validated; the errors name the key under the section's path. */
  static DirectoryEntry read(Section entry, PhoneNumbers phoneNumbers) {
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
    boolean presence = entry.bool("presence", true);
    entry.rejectUnknownKeys();
    return new DirectoryEntry(e164, clients, ring, ringSeconds, fallback, secret, presence);
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
