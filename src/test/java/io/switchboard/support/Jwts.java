package io.switchboard.support;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * JWTs by hand: verifies an HS256 JWT (the HMAC over header.claims with the expected secret, then decodes it), and
 * signs one with any header, claims and secret, to forge what a server must refuse.
 */
public final class Jwts {

  public record Jwt(JsonObject header, JsonObject claims) {
  }

  private Jwts() {
  }

  /** @throws AssertionError when the token is not three parts or its signature is not HMAC-SHA256 with secret */
  public static Jwt verify(String token, String secret) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new AssertionError("not a JWT: " + parts.length + " parts");
    }
    byte[] expected = hmacSha256(secret, parts[0] + "." + parts[1]);
    byte[] actual = Base64.getUrlDecoder().decode(parts[2]);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new AssertionError("JWT signature does not verify with the expected secret");
    }
    return new Jwt(decode(parts[0]), decode(parts[1]));
  }

  /** The token of {@code header} and {@code claims}, signed with HMAC-SHA256 and {@code secret}. */
  public static String sign(JsonObject header, JsonObject claims, String secret) {
    String signed = encode(header) + "." + encode(claims);
    return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmacSha256(secret, signed));
  }

  /** Header and claims with no signature, as {@code alg: none} tokens are sent. */
  public static String unsigned(JsonObject header, JsonObject claims) {
    return encode(header) + "." + encode(claims) + ".";
  }

  private static String encode(JsonObject part) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(part.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject decode(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  private static byte[] hmacSha256(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
