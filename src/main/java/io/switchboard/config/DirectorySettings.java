package io.switchboard.config;

import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code directory} section.
 *
 * @param entries               which clients answer for which number, and what a call does when none answers, read
 *                              with {@code defaultRegion}; an edit of either is put in force while running when the
 *                              source is the file. With the store as the source, these are what a first start imports
 * @param reloadIntervalSeconds how often the configuration file is checked for edits; 0 for never. Read at start-up
 *                              only, like every setting outside {@code entries}
 * @param source                where the directory in force lives: the file's entries, or the store's
 */
public record DirectorySettings(@AppliedLive Directory entries, int reloadIntervalSeconds, Source source) {

  /** Where the directory in force lives. */
  public enum Source {
    /** {@code directory.entries} of the configuration file, reloaded when the file is edited. */
    FILE,
    /**
     * The store's table, shared by every node, changed through the admin API; imported from the file's entries on
     * the first start.
     */
    STORE
  }

  static DirectorySettings from(Section directory) {
    Directory entries = entries(directory);
    int reloadIntervalSeconds = directory.integer("reloadIntervalSeconds", 2, 0, 3600);
    Source source = directory.choice("source", Source.class, Source.FILE);
    directory.rejectUnknownKeys();
    return new DirectorySettings(entries, reloadIntervalSeconds, source);
  }

  private static Directory entries(Section directory) {
    String region = directory.string("defaultRegion", "ZZ");
    if (!PhoneNumbers.isSupportedRegion(region)) {
      throw directory.error("defaultRegion", "'" + region + "' is not a region code like US, FR or JP");
    }
    PhoneNumbers phoneNumbers = new PhoneNumbers(region);
    List<DirectoryEntry> entries = new ArrayList<>();
    for (Section entry : directory.sections("entries")) {
      entries.add(DirectoryEntryFormat.read(entry, phoneNumbers));
    }
    try {
      return new Directory(phoneNumbers, entries);
    } catch (IllegalArgumentException e) {
      throw directory.error("entries", e.getMessage());
    }
  }
}
