package io.switchboard.recordings;

/** A recording that no client keeps any more. */
public record RecordingDiscard(String recordingSid) {

  public RecordingDiscard {
    RecordingSids.checked(recordingSid);
  }
}
