package io.switchboard.config;

/**
 * Credentials and webhook settings of the Twilio account. {@code toString} is overridden so that the secrets can
 * never reach a log line by accident.
 *
 * @param publicBaseUrl the scheme, host and any path prefix under which Twilio reaches this server; webhook
 *                      signatures are computed by Twilio over this URL plus the request path
 */
public record TwilioSettings(String accountSid, String authToken, String apiKeySid, String apiKeySecret,
                             String twimlAppSid, boolean validateSignatures, String publicBaseUrl) {

  /** Whether these are the all-zero SIDs shipped in conf/config.json, which Twilio will never accept. */
  public boolean usesPlaceholderAccount() {
    return accountSid.substring(2).chars().allMatch(c -> c == '0');
  }

  @Override
  public String toString() {
    return "TwilioSettings[accountSid=" + accountSid + ", apiKeySid=" + apiKeySid + ", twimlAppSid=" + twimlAppSid
        + ", validateSignatures=" + validateSignatures + ", publicBaseUrl=" + publicBaseUrl + ", secrets hidden]";
  }
}
