package io.switchboard.directory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which browser clients answer for which Twilio number. A number is in one entry; a client may be in several (a
 * person with a work and a support line). Immutable: built once from validated configuration and shared by every
 * verticle without locking.
 */
public final class Directory {

  private final PhoneNumbers phoneNumbers;
  private final List<DirectoryEntry> entries;
  private final Map<String, DirectoryEntry> byPhoneNumber = new HashMap<>();
  private final Map<String, List<DirectoryEntry>> byClientName = new HashMap<>();
  private final Set<String> regions;

  /**
   * @param entries entries whose numbers are already in E.164, no number twice, in the order of the file
   * @throws IllegalArgumentException when an entry repeats a number
   */
  public Directory(PhoneNumbers phoneNumbers, List<DirectoryEntry> entries) {
    this.phoneNumbers = phoneNumbers;
    this.entries = List.copyOf(entries);
    for (DirectoryEntry entry : entries) {
      if (byPhoneNumber.putIfAbsent(entry.phoneNumber(), entry) != null) {
        throw new IllegalArgumentException("phone number " + entry.phoneNumber() + " is listed twice");
      }
      for (String client : entry.clients()) {
        byClientName.computeIfAbsent(client, name -> new ArrayList<>()).add(entry);
      }
    }
    byClientName.replaceAll((client, ofClient) -> List.copyOf(ofClient));
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

  /** The entries that ring {@code clientName}, in the order of the file; empty for a client of no entry. */
  public List<DirectoryEntry> entriesOf(String clientName) {
    return byClientName.getOrDefault(clientName, List.of());
  }

  /**
   * The first entry that rings {@code clientName}, in the order of the file: the one whose number its calls show
   * unless it asks for another of its own.
   */
  public Optional<DirectoryEntry> byClientName(String clientName) {
    return entriesOf(clientName).stream().findFirst();
  }

  /** The regions of the directory's own numbers ({@code "001"} for a non-geographic one). */
  public Set<String> regions() {
    return regions;
  }

  /** The entries in the order of the file. */
  public List<DirectoryEntry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }
}
