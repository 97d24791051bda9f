package io.switchboard.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Tickets for a page's {@code <audio>} element, which cannot send {@code Authorization}: one client's access to one
 * voicemail's audio until it expires, in the URL's query ({@code ?ticket=}, which the access log never prints).
 * Unlike the events stream's one-time ticket it holds for several requests, since an audio element asks for
 * ranges of the file as it plays and seeks.
 *
 * <p>A ticket is {@code client recordingSid expiry}, signed with HMAC-SHA256 under a key derived from the API key
 * secret: nothing is stored, and every server of a cluster, sharing that secret, accepts it.
 */
final class AudioTickets {

  static final int LIFETIME_SECONDS = 300;
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  AudioTickets(String apiKeySecret) {
    // A key of its own, so that a ticket's signature can never stand for a token's.
    this.key = new SecretKeySpec(sign(new SecretKeySpec(apiKeySecret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
        "switchboard voicemail audio ticket"), ALGORITHM);
  }

  String issue(String client, String recordingSid, Instant now) {
    String claims = client + " " + recordingSid + " " + now.plusSeconds(LIFETIME_SECONDS).getEpochSecond();
    return ENCODER.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
        + ENCODER.encodeToString(sign(key, claims));
  }

  /** The client a ticket was issued to, when it is ours, for {@code recordingSid}, and not expired. */
  Optional<String> client(String ticket, String recordingSid, Instant now) {
    int dot = ticket.indexOf('.');
    try {
      String claims = new String(DECODER.decode(ticket.substring(0, Math.max(dot, 0))), StandardCharsets.UTF_8);
      byte[] signature = DECODER.decode(ticket.substring(dot + 1));
      String[] parts = claims.split(" ", -1);
      if (dot < 0 || parts.length != 3 || !MessageDigest.isEqual(sign(key, claims), signature)
          || !parts[1].equals(recordingSid) || Long.parseLong(parts[2]) < now.getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(parts[0]);
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  private static byte[] sign(SecretKeySpec key, String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
