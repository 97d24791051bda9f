package io.switchboard.config;

import io.switchboard.directory.Directory;

import java.util.Optional;

/**
 * The whole, validated configuration of one server.
 *
 * @param directoryReloadSeconds how often the configuration file is checked for directory changes; 0 for never
 * @param management             a separate address for health and metrics; on the main port when empty
 */
public record SwitchboardConfig(HttpSettings http, TwilioSettings twilio, int tokenTtlSeconds,
                                int dialTimeoutSeconds, Directory directory, int directoryReloadSeconds,
                                Optional<ManagementSettings> management, SecuritySettings security) {
}
