package io.switchboard.config;

/**
 * Abuse limits of the token API.
 *
 * @param maxFailedAttempts      wrong secrets (or unknown numbers) allowed per number and per client address
 *                               within {@code lockoutSeconds}; past that, 429 until the window ends
 * @param tokenRequestsPerMinute token requests allowed per client address and minute; past that, 429
 */
public record SecuritySettings(int maxFailedAttempts, int lockoutSeconds, int tokenRequestsPerMinute) {
}
