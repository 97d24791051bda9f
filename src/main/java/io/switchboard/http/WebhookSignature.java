package io.switchboard.http;

import io.switchboard.twilio.RetryOverrides;
import io.switchboard.twilio.TwilioSignature;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a webhook's {@link TwilioSignature} over the decoded form, laid out in place. Like the SDK's
 * {@code RequestValidator}, a signature made for the URL with or without its default port is accepted; so is one made
 * for the URL with or without a retry fragment that our callback URLs end with ({@link RetryOverrides}), since
 * Twilio never sends the fragment and does not say whether it signs it. A wrong signature costs a dozen HMACs of the
 * request's size; a right one, unless Twilio signs a fragment, one or two. Unlike the SDK,
 * the two spellings of the base URL are worked out once instead of parsed again from every request, and the HMAC
 * is keyed once: the validator did both per request. Not thread-safe: one per event loop.
 */
final class WebhookSignature {

  /** What may follow the path and query in the signed URL: nothing, or a retry fragment. */
  private static final List<String> ENDINGS =
      Stream.concat(Stream.of(""), RetryOverrides.all().stream()).toList();

  private final TwilioSignature signer;
  private final List<String> baseUrls;
  /** The signed data, built in place: one HMAC update for the whole, as each update has a fixed cost. */
  private byte[] data = new byte[2048];
  private int signed;

  /** @param publicBaseUrl the scheme, host and optional port Twilio calls, without a trailing slash */
  WebhookSignature(String authToken, String publicBaseUrl) {
    signer = new TwilioSignature(authToken);
    baseUrls = spellings(publicBaseUrl);
  }

  /**
   * @param pathAndQuery the request's path and query exactly as sent
   * @param form         the POST parameters, each name once, sorted by name
   */
  boolean matches(String signature, String pathAndQuery, UrlEncodedForm form) {
    byte[] claimed = signature.getBytes(StandardCharsets.US_ASCII);
    // Each comparison takes the same time whatever the bytes; stopping at the first match tells a caller only which
    // spelling of our own URL it signed, which is no secret.
    for (String baseUrl : baseUrls) {
      for (String ending : ENDINGS) {
        if (MessageDigest.isEqual(claimed, sign(baseUrl, pathAndQuery, ending, form))) {
          return true;
        }
      }
    }
    return false;
  }

  private byte[] sign(String baseUrl, String pathAndQuery, String ending, UrlEncodedForm form) {
    signed = 0;
    append(baseUrl);
    append(pathAndQuery);
    append(ending);
    ensureRoom(form.signedLength());
    signed = form.copySignedText(data, signed);
    return signer.sign(data, signed);
  }

  /** Appends text as UTF-8; ASCII, nearly all of a webhook, byte by byte without an intermediate array. */
  private void append(String text) {
    ensureRoom(text.length() * 3);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = text.substring(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, data, signed, utf8.length);
        signed += utf8.length;
        return;
      }
      data[signed++] = (byte) c;
    }
  }

  private void ensureRoom(int bytes) {
    if (data.length - signed < bytes) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, signed + bytes));
    }
  }

  /** The base URL as configured, and with its default port added or removed; a path prefix is kept in both. */
  private static List<String> spellings(String baseUrl) {
    URI uri = URI.create(baseUrl);
    int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String host = uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst(":\\d+$", "");
    String prefix = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getPort() == -1) {
      return List.of(baseUrl, host + ":" + defaultPort + prefix);
    }
    return List.of(baseUrl, host + prefix);
  }
}
