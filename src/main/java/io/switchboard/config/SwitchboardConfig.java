package io.switchboard.config;

import io.switchboard.directory.Directory;

/** The whole, validated configuration of one server. */
public record SwitchboardConfig(HttpSettings http, TwilioSettings twilio, int tokenTtlSeconds,
                                int dialTimeoutSeconds, Directory directory) {
}
