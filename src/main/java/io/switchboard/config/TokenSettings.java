package io.switchboard.config;

/**
 * The {@code tokens} section.
 *
 * @param ttlSeconds how long an issued access token is valid
 */
public record TokenSettings(int ttlSeconds) {

  static TokenSettings from(Section tokens) {
    // Twilio refuses access tokens that live longer than 24 hours.
    TokenSettings settings = new TokenSettings(tokens.integer("ttlSeconds", 3600, 60, 86_400));
    tokens.rejectUnknownKeys();
    return settings;
  }
}
