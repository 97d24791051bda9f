package io.switchboard.twilio;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's {@code X-Twilio-Signature}: Base64 of HMAC-SHA1, keyed with the account's auth token, over the URL Twilio
 * called followed by each POST parameter's name and value, sorted by name, as UTF-8. The one place that computes it:
 * the server checks webhooks with it, the load tester and the benchmark sign theirs.
 *
 * <p>The {@link Mac} is made once and reused, which is why this is not thread-safe: one per thread or event loop.
 */
public final class TwilioSignature {

  public static final String HEADER = "X-Twilio-Signature";

  private static final String HMAC_SHA1 = "HmacSHA1";

  private final Mac mac;

  public TwilioSignature(String authToken) {
    try {
      mac = Mac.getInstance(HMAC_SHA1);
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this Java runtime", e);
    }
  }

  /**
   * The signature Twilio sends with a POST to {@code url} carrying {@code parameters}.
   *
   * @param url        the full URL, with its query if any, exactly as called
   * @param parameters the POST parameters, in any order
   */
  public String sign(String url, Map<String, String> parameters) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(parameters).forEach((name, value) -> data.append(name).append(value));
    byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
    return new String(sign(bytes, bytes.length), StandardCharsets.US_ASCII);
  }

  /**
   * The signature of data already laid out as Twilio signs it (the URL, then each name and value in name order):
   * for a caller that builds it in place rather than as strings.
   *
   * @return the signature's Base64 text, as ASCII bytes
   */
  public byte[] sign(byte[] signedData, int length) {
    mac.update(signedData, 0, length);
    return Base64.getEncoder().encode(mac.doFinal());
  }

  /**
   * A signer that has already read {@code head}, the start of the signed data shared by many requests: each of
   * them then costs only what follows it. Thread-safe, unlike this.
   */
  SignedHead after(byte[] head) {
    try {
      Mac copy = (Mac) mac.clone();
      copy.update(head);
      return new SignedHead(copy);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("this Java runtime's HmacSHA1 cannot be copied", e);
    }
  }

  /** HMAC state after a fixed head, copied for each signature: a Mac never updated again may be copied from any thread. */
  static final class SignedHead {
    private final Mac afterHead;

    private SignedHead(Mac afterHead) {
      this.afterHead = afterHead;
    }

    /** The signature of the head followed by {@code middle} and {@code tail}. */
    String sign(byte[] middle, byte[] tail) {
      try {
        Mac mac = (Mac) afterHead.clone();
        mac.update(middle);
        return Base64.getEncoder().encodeToString(mac.doFinal(tail));
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("this Java runtime's HmacSHA1 cannot be copied", e);
      }
    }
  }
}
