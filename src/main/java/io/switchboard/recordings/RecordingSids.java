package io.switchboard.recordings;

import java.util.regex.Pattern;

/** Twilio's recording SIDs: what goes into the REST API's path is checked to be one, so it can say nothing else. */
public final class RecordingSids {

  private static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");

  private RecordingSids() {
  }

  public static boolean isRecordingSid(String text) {
    return text != null && RECORDING_SID.matcher(text).matches();
  }

  static String checked(String recordingSid) {
    if (!isRecordingSid(recordingSid)) {
      throw new IllegalArgumentException("not a recording SID");
    }
    return recordingSid;
  }
}
