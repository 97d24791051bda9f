package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.switchboard.support.TestConfig;

/** The store's suite on the embedded default: an H2 file in a fresh folder per test. */
class H2StorageTest extends StorageContract {

  private final String url = "jdbc:h2:file:" + TestConfig.freshDatabaseFolder().resolve("switchboard");

  @Override
  StorageSettings settings(int retentionDays, int queueSize) {
    return new StorageSettings(url, "", "", 4, retentionDays, queueSize);
  }

  @Override
  StorageSettings freshDatabase() {
    return new StorageSettings("jdbc:h2:file:" + TestConfig.freshDatabaseFolder().resolve("switchboard"), "", "", 4,
        90, 4_096);
  }
}
