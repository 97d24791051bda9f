package io.switchboard.config;

import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.security.SecretHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code directory} section.
 *
 * @param entries               which client answers for which number, read with {@code defaultRegion}; an edit
 *                              of either is put in force while running
 * @param reloadIntervalSeconds how often the configuration file is checked for directory edits; 0 for never.
 *                              Read at start-up only, like every setting outside {@code entries}
 */
public record DirectorySettings(@AppliedLive Directory entries, int reloadIntervalSeconds) {

  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

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
      String number = entry.requiredString("phoneNumber");
      String e164 = phoneNumbers.toE164(number)
          .orElseThrow(() -> entry.error("phoneNumber", "'" + number + "' is not a valid phone number"));
      String clientName = entry.matching("clientName", CLIENT_NAME, "1 to 100 letters, digits, '_', '.' or '-'");
      Optional<SecretHash> secret = Optional.ofNullable(entry.string("secretHash", null)).map(hash -> {
        try {
          return SecretHash.parse(hash);
        } catch (IllegalArgumentException e) {
          throw entry.error("secretHash", e.getMessage());
        }
      });
      entry.rejectUnknownKeys();
      entries.add(new DirectoryEntry(e164, clientName, secret));
    }
    try {
      return new Directory(phoneNumbers, entries);
    } catch (IllegalArgumentException e) {
      throw directory.error("entries", e.getMessage());
    }
  }
}
