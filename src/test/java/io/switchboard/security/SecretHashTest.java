package io.switchboard.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretHashTest {

  @Test
  void aNewHashMatchesItsSecretOnlyAndSurvivesItsOwnEncoding() {
    SecretHash hash = SecretHash.of("a long enough secret".toCharArray());
    SecretHash reread = SecretHash.parse(hash.encoded());
    assertTrue(reread.matches("a long enough secret"));
    assertFalse(reread.matches("a long enough secreT"));
    assertTrue(hash.encoded().startsWith("pbkdf2-sha256$" + SecretHash.DEFAULT_ITERATIONS + "$"));
  }

  @Test
  void twoHashesOfOneSecretDifferByTheirSalt() {
    assertFalse(SecretHash.of("same secret".toCharArray()).encoded()
        .equals(SecretHash.of("same secret".toCharArray()).encoded()));
  }

  @Test
  void hashesComputedElsewhereInTheDocumentedFormatAreRead() throws Exception {
    assertTrue(SecretHash.parse(TokenAuthenticationTest.hashOf("interoperable")).matches("interoperable"));
  }

  @Test
  void weakOrMalformedHashesAreRefused() {
    assertEquals("must be pbkdf2-sha256$<iterations>$<salt>$<hash>, as hash-secret prints it",
        assertThrows(IllegalArgumentException.class, () -> SecretHash.parse("$2a$10$bcrypt")).getMessage());
    assertEquals("has an iteration count, salt or hash that cannot be read",
        assertThrows(IllegalArgumentException.class, () -> SecretHash.parse("pbkdf2-sha256$x$AAAA$AAAA")).getMessage());
    String fewIterations = "pbkdf2-sha256$1000$c2l4dGVlbiBieXRlIHNsdA$" + "A".repeat(43);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretHash.parse(fewIterations)).getMessage()
        .startsWith("is too weak"));
  }

  @Test
  void neverPrintsItself() {
    assertEquals("pbkdf2-sha256(hidden)", SecretHash.of("printable?".toCharArray()).toString());
  }
}
