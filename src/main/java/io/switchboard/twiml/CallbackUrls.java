package io.switchboard.twiml;

import io.switchboard.http.ApiPaths;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The URLs under which Twilio reports a call's life: the {@code <Dial action>} and each leg's
 * {@code statusCallback}, under the public base URL, each with a query that names {@link OurSide our side} of the
 * call. Twilio signs the URL with its query, so the callback routes can trust what it names.
 *
 * <p>Built once per side and kept: a side comes from the directory alone, never from what a caller sends, so there
 * are at most two per directory entry, counting the entries a reload has since removed.
 */
final class CallbackUrls {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The two URLs of one side, not yet escaped for XML. */
  record ForSide(String dialAction, String legStatus) {
  }

  private final String publicBaseUrl;
  private final Map<OurSide, ForSide> bySide = new ConcurrentHashMap<>();

  /** @param publicBaseUrl where Twilio reaches this server, without a trailing slash; empty for relative URLs */
  CallbackUrls(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  ForSide of(OurSide side) {
    return bySide.computeIfAbsent(side, this::build);
  }

  private ForSide build(OurSide side) {
    String query = "?direction=" + encode(side.direction().wireName()) + "&number=" + encode(side.twilioNumber())
        + "&client=" + encode(side.client());
    return new ForSide(publicBaseUrl + ApiPaths.DIAL_ACTION + query, publicBaseUrl + ApiPaths.LEG_STATUS + query);
  }

  /**
   * Percent-encodes all but RFC 3986's unreserved characters, in UTF-8: a {@code +} of E.164 is {@code %2B}, which
   * no decoder can mistake for a space.
   */
  static String encode(String value) {
    StringBuilder encoded = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
          || b == '-' || b == '.' || b == '_' || b == '~') {
        encoded.append((char) b);
      } else {
        encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return encoded.toString();
  }
}
