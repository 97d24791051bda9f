package io.switchboard.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where a page of a list ends: the last item's time and SID, which order the list. Opaque to the client, and
 * checked when it comes back, so a forged cursor is a 400 rather than a query on what it says.
 */
record PageCursor(Instant at, String sid) {

  /** Calls are listed by their start and call SID. */
  static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
  /** Voicemails are listed by their arrival and recording SID. */
  static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");

  String encode() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((at + " " + sid).getBytes(StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when {@code text} is not a cursor written for SIDs of this shape */
  static PageCursor decode(String text, Pattern sids) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(" ", -1);
      if (parts.length != 2 || !sids.matcher(parts[1]).matches()) {
        throw new IllegalArgumentException("bad cursor");
      }
      return new PageCursor(Instant.parse(parts[0]), parts[1]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad cursor");
    }
  }
}
