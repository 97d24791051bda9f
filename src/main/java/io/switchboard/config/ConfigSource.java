package io.switchboard.config;

import java.nio.file.Path;
import java.util.Map;

/** Where a configuration came from: its file, and the environment that supplied its secrets. */
public record ConfigSource(Path file, Map<String, String> environment) {

  public SwitchboardConfig load() {
    return ConfigLoader.load(file, environment);
  }
}
