package io.switchboard.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code twilio} section: credentials and webhook settings of the Twilio account. {@code toString} is
 * overridden so that the secrets can never reach a log line by accident.
 *
 * @param publicBaseUrl    the scheme, host and any path prefix under which Twilio reaches this server; webhook
 *                         signatures are computed by Twilio over this URL plus the request path
 * @param apiBaseUrl       Twilio's REST API, where the voicemails' recordings are fetched and deleted: https, or
 *                         http to this machine only (a test's stand-in), with the API key's credentials
 * @param deleteRecordings whether deleting a voicemail also deletes Twilio's recording once no client keeps it
 */
public record TwilioSettings(String accountSid, String authToken, String apiKeySid, String apiKeySecret,
                             String twimlAppSid, boolean validateSignatures, String publicBaseUrl, String apiBaseUrl,
                             boolean deleteRecordings) {

  public static final String DEFAULT_API_BASE_URL = "https://api.twilio.com";

  private static final String HEX_32 = "[0-9a-fA-F]{32}";
  private static final Pattern SECRET = Pattern.compile("[0-9A-Za-z]{32,}");

  /** Reads the section, taking the secrets from {@code environment} where it has them. */
  static TwilioSettings from(Section twilio, Map<String, String> environment) {
    String accountSid = twilio.matching("accountSid", sid("AC"), "AC followed by 32 hex digits");
    String authToken = secret(twilio, "authToken", environment.get(ConfigLoader.AUTH_TOKEN_ENV));
    String apiKeySid = twilio.matching("apiKeySid", sid("SK"), "SK followed by 32 hex digits");
    String apiKeySecret = secret(twilio, "apiKeySecret", environment.get(ConfigLoader.API_KEY_SECRET_ENV));
    String twimlAppSid = twilio.matching("twimlAppSid", sid("AP"), "AP followed by 32 hex digits");
    boolean validateSignatures = twilio.bool("validateSignatures", true);
    String publicBaseUrl = twilio.string("publicBaseUrl", "");
    if (validateSignatures || !publicBaseUrl.isEmpty()) {
      if (!Urls.isHttpUrl(publicBaseUrl)) {
        throw twilio.error("publicBaseUrl", "must be the http(s) URL Twilio calls this server on, like https://voice.example.com");
      }
      publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }
    String apiBaseUrl = twilio.string("apiBaseUrl", DEFAULT_API_BASE_URL).replaceAll("/+$", "");
    if (!Urls.isOrigin(apiBaseUrl) || !(apiBaseUrl.startsWith("https://") || Urls.isLoopback(apiBaseUrl))) {
      // The account's credentials go there: never in clear text over a network.
      throw twilio.error("apiBaseUrl", "must be an https URL with no path, like " + DEFAULT_API_BASE_URL
          + " (http only to this machine, for tests)");
    }
    boolean deleteRecordings = twilio.bool("deleteRecordings", false);
    twilio.rejectUnknownKeys();
    return new TwilioSettings(accountSid, authToken, apiKeySid, apiKeySecret, twimlAppSid, validateSignatures,
        publicBaseUrl, apiBaseUrl, deleteRecordings);
  }

  /** Whether these are the all-zero SIDs shipped in conf/config.json, which Twilio will never accept. */
  public boolean usesPlaceholderAccount() {
    return accountSid.substring(2).chars().allMatch(c -> c == '0');
  }

  @Override
  public String toString() {
    return "TwilioSettings[accountSid=" + accountSid + ", apiKeySid=" + apiKeySid + ", twimlAppSid=" + twimlAppSid
        + ", validateSignatures=" + validateSignatures + ", publicBaseUrl=" + publicBaseUrl
        + ", apiBaseUrl=" + apiBaseUrl + ", deleteRecordings=" + deleteRecordings + ", secrets hidden]";
  }

  private static Pattern sid(String prefix) {
    return Pattern.compile(prefix + HEX_32);
  }

  private static String secret(Section twilio, String key, String fromEnvironment) {
    String fromFile = twilio.string(key, null);
    String value = fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : fromFile;
    if (value == null || value.isBlank()) {
      throw twilio.error(key, "is required (in the file or from the environment)");
    }
    // Never echo the value: only say what is wrong with it.
    if (!SECRET.matcher(value).matches()) {
      throw twilio.error(key, "must be at least 32 letters and digits, as Twilio issues them");
    }
    return value;
  }
}
