package io.switchboard.directory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
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
  private final LoadingCache<String, Optional<String>> normalised =
      Caffeine.newBuilder().maximumSize(CACHED_NUMBERS).build(this::parse);

  /** @param defaultRegion ISO 3166 region for numbers written in national format, or "ZZ" for none */
  public PhoneNumbers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  public static boolean isSupportedRegion(String region) {
    return "ZZ".equals(region) || UTIL.getSupportedRegions().contains(region);
  }

  /** The number in E.164 when it is a valid phone number, else empty. */
  public Optional<String> toE164(String raw) {
    if (raw == null || raw.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    return normalised.get(raw);
  }

  private Optional<String> parse(String raw) {
    if (!WRITTEN_NUMBER.matcher(raw).matches()) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = UTIL.parse(raw, defaultRegion);
      return UTIL.isValidNumber(number) ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
