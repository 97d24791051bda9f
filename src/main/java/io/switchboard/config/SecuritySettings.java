package io.switchboard.config;

/**
 * The {@code security} section: abuse limits of the token API and of the browser's API.
 *
 * @param maxFailedAttempts      wrong secrets (or unknown numbers) allowed per number and per client address
 *                               within {@code lockoutSeconds}; past that, 429 until the window ends
 * @param tokenRequestsPerMinute token requests allowed per client address and minute; past that, 429
 * @param apiRequestsPerMinute   requests to {@code /api/*} allowed per client address and minute; past that, 429
 */
public record SecuritySettings(int maxFailedAttempts, int lockoutSeconds, int tokenRequestsPerMinute,
                               int apiRequestsPerMinute) {

  static SecuritySettings from(Section security) {
    SecuritySettings settings = new SecuritySettings(
        security.integer("maxFailedAttempts", 5, 1, 1_000),
        security.integer("lockoutSeconds", 300, 1, 86_400),
        security.integer("tokenRequestsPerMinute", 30, 1, 100_000_000),
        // A page that scrolls through its history asks for a page of calls at a time.
        security.integer("apiRequestsPerMinute", 120, 1, 100_000_000));
    security.rejectUnknownKeys();
    return settings;
  }
}
