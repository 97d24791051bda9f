package io.switchboard.recordings;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request for a recording's audio.
 *
 * @param range the browser's {@code Range}, passed to Twilio only when it is one range of bytes; any other is left
 *              out, and the whole recording is the answer, as RFC 9110 lets a server ignore a range it does not take
 */
public record RecordingFetch(String recordingSid, Optional<String> range) {

  private static final Pattern ONE_BYTE_RANGE = Pattern.compile("bytes=(?:[0-9]{1,15}-[0-9]{0,15}|-[0-9]{1,15})");

  public RecordingFetch {
    RecordingSids.checked(recordingSid);
    range = range.map(String::strip).filter(text -> ONE_BYTE_RANGE.matcher(text).matches());
  }
}
