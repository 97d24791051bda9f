package io.switchboard.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recording status callback checked and ready to store: one row of {@code recording_events}, keyed by
 * (recording, status) so that a repeated delivery inserts nothing, and when it is a voicemail, one row of
 * {@code voicemails} for each of its clients.
 *
 * @param durationSeconds null when Twilio sent none
 * @param caller          empty when the callback's URL did not name it
 */
record RecordingEvent(String recordingSid, String status, String callSid, String recordingUrl,
                      Integer durationSeconds, String twilioNumber, String caller, List<String> clients,
                      Instant receivedAt) implements StoredCallback {

  /** What a message must last to be one: a shorter recording is a hang-up at the beep. */
  static final int MIN_VOICEMAIL_SECONDS = 1;
  private static final Set<String> STATUSES = Set.of("in-progress", "completed", "absent", "failed");
  private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
  private static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");
  /** Twilio writes -1 for a recording that has none. */
  private static final Pattern DURATION = Pattern.compile("-?[0-9]{1,9}");
  private static final int MAX_TEXT = 256;
  private static final int MAX_URL = 512;

  /**
   * @throws IllegalArgumentException saying what the callback lacks, for a 400
   */
  static RecordingEvent of(RecordingCallback callback) {
    require(CALL_SID.matcher(callback.callSid()).matches(), "CallSid must be a call SID");
    require(RECORDING_SID.matcher(callback.recordingSid()).matches(), "RecordingSid must be a recording SID");
    require(STATUSES.contains(callback.status()), "RecordingStatus is not a recording status");
    require(callback.duration().isEmpty() || DURATION.matcher(callback.duration()).matches(),
        "RecordingDuration must be a whole number");
    require(callback.recordingUrl().isEmpty() || callback.recordingUrl().startsWith("https://"),
        "RecordingUrl must be an https URL");
    require(callback.recordingUrl().length() <= MAX_URL && callback.caller().length() <= MAX_TEXT
        && callback.twilioNumber().length() <= MAX_TEXT, "a value is too long");
    require(callback.direction().equals("incoming"), "direction must be incoming");
    require(!callback.twilioNumber().isEmpty(), "number is required");
    Integer duration = callback.duration().isEmpty() ? null : Math.max(0, Integer.parseInt(callback.duration()));
    return new RecordingEvent(callback.recordingSid(), callback.status(), callback.callSid(),
        callback.recordingUrl(), duration, callback.twilioNumber(), callback.caller(), callback.clients(),
        callback.receivedAt().truncatedTo(ChronoUnit.MICROS));
  }

  /** Only a completed recording of a second or more is a message; an absent or shorter one is not. */
  boolean isVoicemail() {
    return status.equals("completed") && durationSeconds != null && durationSeconds >= MIN_VOICEMAIL_SECONDS;
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
