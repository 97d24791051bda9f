package io.switchboard.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole, validated configuration of one server: one component per top-level section of the file, named as
 * the section is, each a record of values that reads and validates its own section.
 *
 * @param management a separate address for health and metrics (and the admin API); on the main port when empty
 * @param cluster    whether this server is one node of several, and how it finds the others
 */
public record SwitchboardConfig(HttpSettings http, TwilioSettings twilio, TokenSettings tokens, DialSettings dial,
                                DirectorySettings directory, Optional<ManagementSettings> management,
                                SecuritySettings security, StorageSettings storage, CallsSettings calls,
                                AdminSettings admin, ClusterSettings cluster,
                                EventsSettings events) {

  /**
   * What differs in {@code edited} that only a restart puts in force: the name of each changed section, or
   * {@code section.key} for a section that is partly {@link AppliedLive}, in the order of the file. Found from the
   * records' components, so that no setting can be left out.
   */
  public List<String> changesNeedingRestart(SwitchboardConfig edited) {
    List<String> changes = new ArrayList<>();
    for (RecordComponent section : SwitchboardConfig.class.getRecordComponents()) {
      Object inForce = valueOf(section, this);
      Object next = valueOf(section, edited);
      if (inForce instanceof Record settings && hasLiveParts(settings)) {
        for (RecordComponent key : settings.getClass().getRecordComponents()) {
          if (!key.isAnnotationPresent(AppliedLive.class) && !Objects.equals(valueOf(key, inForce), valueOf(key, next))) {
            changes.add(section.getName() + "." + key.getName());
          }
        }
      } else if (!Objects.equals(inForce, next)) {
        changes.add(section.getName());
      }
    }
    return changes;
  }

  private static boolean hasLiveParts(Record settings) {
    return Arrays.stream(settings.getClass().getRecordComponents())
        .anyMatch(component -> component.isAnnotationPresent(AppliedLive.class));
  }

  private static Object valueOf(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }
}
