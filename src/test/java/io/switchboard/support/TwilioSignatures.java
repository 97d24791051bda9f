package io.switchboard.support;

import io.vertx.core.MultiMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's webhook signature written out from its public description, independently of the SDK the server uses:
 * Base64(HMAC-SHA1(authToken, url + each POST parameter name and value, sorted by name)).
 */
public final class TwilioSignatures {

  private TwilioSignatures() {
  }

  public static String sign(String url, MultiMap form) {
    return sign(TestConfig.AUTH_TOKEN, url, form);
  }

  public static String sign(String authToken, String url, MultiMap form) {
    Map<String, String> sorted = new TreeMap<>();
    form.forEach(sorted::put);
    StringBuilder data = new StringBuilder(url);
    sorted.forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
