package io.switchboard.twiml;

import io.switchboard.http.ApiPaths;
import io.switchboard.twiml.CallPlan.Stage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The URLs under which Twilio reports a call's life and asks what comes next: the {@code <Dial action>}, each leg's
 * {@code statusCallback}, and a voicemail's {@code <Record action>} and {@code recordingStatusCallback}, under the
 * public base URL, each with a query that names {@link OurSide our side} of the call (and, for the Dial action, the
 * {@link Stage} the call is at). Twilio signs the URL with its query, so the callback routes can trust what it names.
 * Each ends with the {@link io.switchboard.twilio.RetryOverrides retry fragment}, if any.
 *
 * <p>Built once and kept: a side and a stage come from the directory alone, never from what a caller sends, so
 * there are a few per directory entry (one a client, a step and a stage), counting the entries a reload removed.
 */
final class CallbackUrls {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private record Key(String path, OurSide side, Optional<Stage> stage) {
  }

  private final String publicBaseUrl;
  private final String retryFragment;
  private final Map<Key, String> built = new ConcurrentHashMap<>();

  /**
   * @param publicBaseUrl where Twilio reaches this server, without a trailing slash; empty for relative URLs
   * @param retryFragment what ends each URL, {@code #} included; empty for nothing
   */
  CallbackUrls(String publicBaseUrl, String retryFragment) {
    this.publicBaseUrl = publicBaseUrl;
    this.retryFragment = retryFragment;
  }

  /** The {@code <Dial action>}, not yet escaped for XML. */
  String dialAction(OurSide side, Optional<Stage> stage) {
    return url(new Key(ApiPaths.DIAL_ACTION, side, stage));
  }

  /** A leg's {@code statusCallback}, not yet escaped for XML. */
  String legStatus(OurSide side) {
    return url(new Key(ApiPaths.LEG_STATUS, side, Optional.empty()));
  }

  /** The {@code <Record action>} of a voicemail left on {@code twilioNumber}. */
  String recordAction(String twilioNumber) {
    return url(new Key(ApiPaths.RECORD_ACTION, OurSide.incoming(twilioNumber), Optional.empty()));
  }

  /** The {@code recordingStatusCallback} of a voicemail left on {@code twilioNumber}. */
  String recordingStatus(String twilioNumber) {
    return url(new Key(ApiPaths.RECORDING_STATUS, OurSide.incoming(twilioNumber), Optional.empty()));
  }

  private String url(Key key) {
    return built.computeIfAbsent(key, this::build);
  }

  private String build(Key key) {
    OurSide side = key.side();
    StringBuilder url = new StringBuilder(publicBaseUrl).append(key.path())
        .append("?direction=").append(encode(side.direction().wireName()))
        .append("&number=").append(encode(side.twilioNumber()));
    if (!side.client().isEmpty()) {
      url.append("&client=").append(encode(side.client()));
    }
    key.stage().ifPresent(stage -> url.append(switch (stage.kind()) {
      case RING -> "&stage=ring&step=" + stage.step();
      case FORWARD -> "&stage=forward";
    }));
    return url.append(retryFragment).toString();
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
