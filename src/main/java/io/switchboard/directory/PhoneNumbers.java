package io.switchboard.directory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns phone numbers as people and Twilio write them ({@code +81-50-3123-4567}, {@code 050-3123-4567},
 * {@code +815031234567}) into E.164, the one form the directory and Twilio's {@code <Number>} use.
 */
public final class PhoneNumbers {

  /** Longer input is no phone number; refusing it early keeps the parser's work bounded. */
  private static final int MAX_INPUT_LENGTH = 64;

  /** Digits and the punctuation people write numbers with; libphonenumber alone would skip over stray text. */
  private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9 ().\\-]+");

  /** Enough for every number a busy campaign sees again; a flood of new ones only evicts, never grows it. */
  private static final int CACHED_NUMBERS = 10_000;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private final String defaultRegion;
  /**
   * A valid phone number.
   *
   * @param region the ISO 3166 region it belongs to, or {@code "001"} for a non-geographic number (international
   *               networks such as +882 and +883, international freephone +800)
   * @param type   what kind of line it is, as libphonenumber's metadata classifies its number range
   */
  public record ValidNumber(String e164, String region, PhoneNumberType type) {
  }

  private final LoadingCache<String, Optional<ValidNumber>> parsed =
      Caffeine.newBuilder().maximumSize(CACHED_NUMBERS).build(this::parseUncached);

  /** @param defaultRegion ISO 3166 region for numbers written in national format, or "ZZ" for none */
  public PhoneNumbers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  public static boolean isSupportedRegion(String region) {
    return "ZZ".equals(region) || UTIL.getSupportedRegions().contains(region);
  }

  /** The number in E.164 when it is a valid phone number, else empty. */
  public Optional<String> toE164(String raw) {
    return parse(raw).map(ValidNumber::e164);
  }

  /** The number with its region and type when it is a valid phone number, else empty. */
  public Optional<ValidNumber> parse(String raw) {
    if (raw == null || raw.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    return parsed.get(raw);
  }

  /** Region and type are worked out once here, so that a cached number costs nothing more to check. */
  private Optional<ValidNumber> parseUncached(String raw) {
    if (!WRITTEN_NUMBER.matcher(raw).matches()) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = UTIL.parse(raw, defaultRegion);
      if (!UTIL.isValidNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(new ValidNumber(UTIL.format(number, PhoneNumberFormat.E164),
          UTIL.getRegionCodeForNumber(number), UTIL.getNumberType(number)));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
