package io.switchboard.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A slow, salted hash of a directory entry's secret: PBKDF2 with HMAC-SHA256, written
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64). PBKDF2 ships with every JDK, so no library is needed,
 * and its work factor travels inside the string, so it can be raised without invalidating older hashes.
 */
public final class SecretHash {

  public static final String SCHEME = "pbkdf2-sha256";
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  static final int MIN_ITERATIONS = 100_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private SecretHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes a new secret with a fresh random salt. */
  public static SecretHash of(char[] secret) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new SecretHash(DEFAULT_ITERATIONS, salt, pbkdf2(secret, salt, DEFAULT_ITERATIONS));
  }

  /** @throws IllegalArgumentException with a message fit for a configuration error, when the text is no such hash */
  public static SecretHash parse(String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException("must be " + SCHEME + "$<iterations>$<salt>$<hash>, as hash-secret prints it");
    }
    int iterations;
    byte[] salt;
    byte[] hash;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      hash = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException unreadable) {
      throw new IllegalArgumentException("has an iteration count, salt or hash that cannot be read");
    }
    if (iterations < MIN_ITERATIONS || salt.length < SALT_BYTES || hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("is too weak: at least " + MIN_ITERATIONS + " iterations, a "
          + SALT_BYTES + "-byte salt and a " + HASH_BYTES + "-byte hash");
    }
    return new SecretHash(iterations, salt, hash);
  }

  /**
   * Whether {@code secret} is the hashed secret. Slow by design (a fraction of a second): call it off the event
   * loop. The final comparison takes the same time whatever the bytes.
   */
  public boolean matches(String secret) {
    char[] chars = secret.toCharArray();
    try {
      return MessageDigest.isEqual(hash, pbkdf2(chars, salt, iterations));
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  public String encoded() {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
  }

  /** Equal when it is the same hash (scheme, work factor, salt): an unchanged setting compares equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SecretHash that && iterations == that.iterations && Arrays.equals(salt, that.salt)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return SCHEME + "(hidden)";
  }

  private static byte[] pbkdf2(char[] secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
