package io.switchboard.directory;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which browser client answers for which Twilio number. Immutable: built once from validated configuration and
 * shared by every verticle without locking.
 */
public final class Directory {

  private final PhoneNumbers phoneNumbers;
  private final Map<String, DirectoryEntry> byPhoneNumber = new HashMap<>();
  private final Map<String, DirectoryEntry> byClientName = new HashMap<>();
  private final Set<String> regions;

  /**
   * @param entries entries whose numbers are already in E.164, with no number or client name twice
   * @throws IllegalArgumentException when an entry repeats a number or a client name
   */
  public Directory(PhoneNumbers phoneNumbers, List<DirectoryEntry> entries) {
    this.phoneNumbers = phoneNumbers;
    for (DirectoryEntry entry : entries) {
      if (byPhoneNumber.putIfAbsent(entry.phoneNumber(), entry) != null) {
        throw new IllegalArgumentException("phone number " + entry.phoneNumber() + " is listed twice");
      }
      if (byClientName.putIfAbsent(entry.clientName(), entry) != null) {
        throw new IllegalArgumentException("client name " + entry.clientName() + " is listed twice");
      }
    }
    Set<String> entryRegions = new TreeSet<>();
    for (String number : byPhoneNumber.keySet()) {
      phoneNumbers.parse(number).ifPresent(valid -> entryRegions.add(valid.region()));
    }
    this.regions = Collections.unmodifiableSet(entryRegions);
  }

  public PhoneNumbers phoneNumbers() {
    return phoneNumbers;
  }

  /** The entry for a number written in any format {@link PhoneNumbers} understands. */
  public Optional<DirectoryEntry> byPhoneNumber(String rawNumber) {
    return phoneNumbers.toE164(rawNumber).map(byPhoneNumber::get);
  }

  public Optional<DirectoryEntry> byClientName(String clientName) {
    return Optional.ofNullable(byClientName.get(clientName));
  }

  /** The regions of the directory's own numbers ({@code "001"} for a non-geographic one). */
  public Set<String> regions() {
    return regions;
  }

  public Collection<DirectoryEntry> entries() {
    return Collections.unmodifiableCollection(byPhoneNumber.values());
  }

  public int size() {
    return byPhoneNumber.size();
  }
}
