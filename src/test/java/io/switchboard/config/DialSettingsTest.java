package io.switchboard.config;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.switchboard.directory.DialPolicy;
import io.switchboard.support.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code dial} section's toll-fraud keys: their defaults, what they accept and what they refuse. */
class DialSettingsTest {

  @Test
  void leftOutTheyAllowTheDirectorysCountriesNoCostlyTypeAndSixtyCallsAnHour() {
    DialSettings dial = dial(new JsonObject());

    assertEquals(new DialPolicy(Optional.empty(), DialPolicy.COSTLY_TYPES), dial.policy());
    assertTrue(dial.policy().blockedNumberTypes().containsAll(Set.of(PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST, PhoneNumberType.UNKNOWN)));
    assertEquals(60, dial.maxCallsPerHour());
    assertEquals(60, dial.timeoutSeconds());
  }

  @Test
  void writtenOutTheyAreKeptAsWritten() {
    DialSettings dial = dial(new JsonObject()
        .put("allowedCountries", new JsonArray().add("JP").add("GB"))
        .put("blockedNumberTypes", new JsonArray().add("PREMIUM_RATE").add("VOIP"))
        .put("maxCallsPerHour", 0));

    assertEquals(new DialPolicy(Optional.of(Set.of("JP", "GB")),
        Set.of(PhoneNumberType.PREMIUM_RATE, PhoneNumberType.VOIP)), dial.policy());
    assertEquals(0, dial.maxCallsPerHour());
  }

  @Test
  void emptyListsMeanNoCountryAndNoBlockedType() {
    DialSettings dial = dial(new JsonObject()
        .put("allowedCountries", new JsonArray()).put("blockedNumberTypes", new JsonArray()));

    assertEquals(new DialPolicy(Optional.of(Set.of()), Set.of()), dial.policy());
  }

  @Test
  void starAllowsEveryCountryAlone() {
    assertEquals(Optional.of(Set.of("*")),
        dial(new JsonObject().put("allowedCountries", new JsonArray().add("*"))).policy().allowedCountries());
    assertProblem(new JsonObject().put("allowedCountries", new JsonArray().add("*").add("JP")),
        "dial.allowedCountries: \"*\" allows every country and stands alone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jp", "JPN", "XX", "ZZ", "001", "+81"})
  void aCodeThatIsNoRegionIsRefused(String code) {
    assertProblem(new JsonObject().put("allowedCountries", new JsonArray().add(code)),
        "dial.allowedCountries: '" + code + "' is not a region code like JP, US or GB, nor \"*\" for all"
            + " (international networks such as +882 have no region: only \"*\" lets them in)");
  }

  @Test
  void anUnknownNumberTypeIsRefused() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> dial(new JsonObject().put("blockedNumberTypes", new JsonArray().add("premium"))));
    assertTrue(error.getMessage().startsWith("dial.blockedNumberTypes: 'premium' is not one of [FIXED_LINE,"),
        error.getMessage());
  }

  @Test
  void theCapIsBounded() {
    assertProblem(new JsonObject().put("maxCallsPerHour", -1), "dial.maxCallsPerHour: must be between 0 and 100000000");
  }

  private static DialSettings dial(JsonObject section) {
    JsonObject json = TestConfig.json(8080).put("dial", section);
    return ConfigLoader.parse(json, Map.of()).dial();
  }

  private static void assertProblem(JsonObject section, String message) {
    ConfigException error = assertThrows(ConfigException.class, () -> dial(section));
    assertEquals(message, error.getMessage());
  }
}
