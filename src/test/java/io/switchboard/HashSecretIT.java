package io.switchboard;

import io.switchboard.security.SecretHash;
import io.switchboard.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar target/switchboard.jar hash-secret}, fed on standard input as a script would. */
class HashSecretIT {

  @Test
  void printsAHashOfTheSecretReadFromStandardInput(@TempDir Path folder) throws Exception {
    try (ServerProcess command = ServerProcess.start(folder, Map.of(), "hash-secret")) {
      command.write("my softphone secret\n");
      assertEquals(0, command.awaitExit(Duration.ofSeconds(30)));
      String hash = command.output().strip();
      assertTrue(hash.startsWith("pbkdf2-sha256$600000$"), hash);
      assertTrue(SecretHash.parse(hash).matches("my softphone secret"));
    }
  }

  @Test
  void refusesAShortSecret(@TempDir Path folder) throws Exception {
    try (ServerProcess command = ServerProcess.start(folder, Map.of(), "hash-secret")) {
      command.write("short\n");
      assertEquals(2, command.awaitExit(Duration.ofSeconds(30)));
      assertEquals("hash-secret: the secret must be at least 8 characters", command.output().strip());
    }
  }
}
