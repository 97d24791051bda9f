package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.switchboard.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The voicemails on a real PostgreSQL, one server for the class. */
@Tag("postgres")
class PostgresVoicemailStoreTest extends VoicemailStoreContract {

  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  StorageSettings settings(int retentionDays) {
    return new StorageSettings(postgres.url(), postgres.user(), "", 4, retentionDays, 4_096);
  }
}
