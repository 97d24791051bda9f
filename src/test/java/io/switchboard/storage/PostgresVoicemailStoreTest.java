package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.switchboard.support.PostgresPerClass;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The voicemails on a real PostgreSQL, one server for the class. */
@Tag("postgres")
class PostgresVoicemailStoreTest extends VoicemailStoreContract {

  @RegisterExtension
  static final PostgresPerClass postgres = new PostgresPerClass();

  @Override
  StorageSettings settings(int retentionDays, int queueSize) {
    return new StorageSettings(postgres.server().url(), postgres.server().user(), "", 4, retentionDays, queueSize);
  }
}
