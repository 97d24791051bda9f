package io.switchboard.directory;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.switchboard.directory.PhoneNumbers.ValidNumber;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which numbers a browser client may dial through the public network: a stolen token must not be able to run up a
 * bill on premium-rate numbers or in countries the owner never calls (toll fraud).
 *
 * @param allowedCountries   ISO 3166 region codes; empty for the regions of the directory's own numbers, as the
 *                           directory is at the time of the call; {@link #ALL_COUNTRIES} alone for every region,
 *                           including the non-geographic {@code "001"} (+800, +882, +883…), which no list of
 *                           countries can name
 * @param blockedNumberTypes kinds of line never dialled, whatever the country
 */
public record DialPolicy(Optional<Set<String>> allowedCountries, Set<PhoneNumberType> blockedNumberTypes) {

  public static final String ALL_COUNTRIES = "*";

  /**
   * What is blocked unless the configuration says otherwise: every type whose price the caller does not know or
   * that pays the callee a share of the call, the ways toll fraud turns calls into money.
   * <ul>
   *   <li>{@code PREMIUM_RATE}: the caller pays a high rate, shared with the number's owner (Japan's 0990).</li>
   *   <li>{@code SHARED_COST}: the caller pays above a normal call and the owner gets a share (France's 081x).</li>
   *   <li>{@code PERSONAL_NUMBER}: forwarded anywhere at the owner's chosen rate; the UK's 070, made to look like
   *       a mobile number, is a known fraud route.</li>
   *   <li>{@code UAN}: company numbers whose price the owner picks, such as Japan's 0570 Navi Dial, at the
   *       caller's expense.</li>
   *   <li>{@code PAGER} and {@code VOICEMAIL}: nothing for a softphone to talk to, and priced apart.</li>
   *   <li>{@code UNKNOWN}: a range libphonenumber cannot classify; no valid number should have it, so blocking it
   *       costs nothing and keeps an unclassified range from passing as cheap.</li>
   * </ul>
   * Fixed lines, mobiles, VoIP (Japan's 050, the directory's own kind of number) and toll-free stay allowed.
   */
  public static final Set<PhoneNumberType> COSTLY_TYPES = Collections.unmodifiableSet(EnumSet.of(
      PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.PERSONAL_NUMBER,
      PhoneNumberType.UAN, PhoneNumberType.PAGER, PhoneNumberType.VOICEMAIL, PhoneNumberType.UNKNOWN));

  /** Why a number may not be dialled. */
  public enum Verdict { ALLOWED, COUNTRY_NOT_ALLOWED, NUMBER_TYPE_BLOCKED }

  public DialPolicy {
    allowedCountries = allowedCountries.map(Set::copyOf);
    blockedNumberTypes = blockedNumberTypes.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(PhoneNumberType.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(blockedNumberTypes));
  }

  /** The policy when the configuration says nothing: the directory's own countries, no costly types. */
  public static DialPolicy defaults() {
    return new DialPolicy(Optional.empty(), COSTLY_TYPES);
  }

  /** Whether {@code code} can be in {@code allowedCountries}: a region libphonenumber knows, or {@code "*"}. */
  public static boolean isCountryCode(String code) {
    return ALL_COUNTRIES.equals(code) || PhoneNumberUtil.getInstance().getSupportedRegions().contains(code);
  }

  /** The type named as libphonenumber names it ({@code PREMIUM_RATE}), or empty. */
  public static Optional<PhoneNumberType> numberType(String name) {
    for (PhoneNumberType type : PhoneNumberType.values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** @param directory the directory of the call, whose regions are the default allowed countries */
  public Verdict check(ValidNumber number, Directory directory) {
    Set<String> countries = allowedCountries.orElse(directory.regions());
    if (!countries.contains(ALL_COUNTRIES) && !countries.contains(number.region())) {
      return Verdict.COUNTRY_NOT_ALLOWED;
    }
    return blockedNumberTypes.contains(number.type()) ? Verdict.NUMBER_TYPE_BLOCKED : Verdict.ALLOWED;
  }
}
