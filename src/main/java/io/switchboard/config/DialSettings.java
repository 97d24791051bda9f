package io.switchboard.config;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.switchboard.directory.DialPolicy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code dial} section: how calls are dialled, and what a browser client may dial (the toll-fraud defences).
 *
 * @param timeoutSeconds  how long a dialled number or client may ring before the call gives up
 * @param policy          {@code allowedCountries} and {@code blockedNumberTypes}: which numbers outside the
 *                        directory may be dialled
 * @param maxCallsPerHour calls to the public network per client and hour; 0 for no cap
 */
public record DialSettings(int timeoutSeconds, DialPolicy policy, int maxCallsPerHour) {

  /**
   * One call a minute for a whole hour is more than a person dials by hand, and far less than a script placing
   * calls with a stolen token.
   */
  static final int DEFAULT_MAX_CALLS_PER_HOUR = 60;

  static DialSettings from(Section dial) {
    // Twilio's own bounds for <Dial timeout>.
    int timeoutSeconds = dial.integer("timeoutSeconds", 60, 5, 600);
    DialPolicy policy = new DialPolicy(allowedCountries(dial), blockedNumberTypes(dial));
    int maxCallsPerHour = dial.integer("maxCallsPerHour", DEFAULT_MAX_CALLS_PER_HOUR, 0, 100_000_000);
    dial.rejectUnknownKeys();
    return new DialSettings(timeoutSeconds, policy, maxCallsPerHour);
  }

  /** Absent: the directory's own regions. An empty list is kept: no number outside the directory at all. */
  private static Optional<Set<String>> allowedCountries(Section dial) {
    Optional<List<String>> codes = dial.optionalStrings("allowedCountries");
    for (String code : codes.orElse(List.of())) {
      if (!DialPolicy.isCountryCode(code)) {
        throw dial.error("allowedCountries", "'" + code + "' is not a region code like JP, US or GB,"
            + " nor \"*\" for all (international networks such as +882 have no region: only \"*\" lets them in)");
      }
    }
    if (codes.isPresent() && codes.get().contains(DialPolicy.ALL_COUNTRIES) && codes.get().size() > 1) {
      throw dial.error("allowedCountries", "\"*\" allows every country and stands alone");
    }
    return codes.map(HashSet::new);
  }

  /** Absent: {@link DialPolicy#COSTLY_TYPES}. */
  private static Set<PhoneNumberType> blockedNumberTypes(Section dial) {
    Optional<List<String>> names = dial.optionalStrings("blockedNumberTypes");
    if (names.isEmpty()) {
      return DialPolicy.COSTLY_TYPES;
    }
    List<PhoneNumberType> types = new ArrayList<>();
    for (String name : names.get()) {
      types.add(DialPolicy.numberType(name).orElseThrow(() -> dial.error("blockedNumberTypes",
          "'" + name + "' is not one of " + EnumSet.allOf(PhoneNumberType.class))));
    }
    return types.isEmpty() ? EnumSet.noneOf(PhoneNumberType.class) : EnumSet.copyOf(types);
  }
}
