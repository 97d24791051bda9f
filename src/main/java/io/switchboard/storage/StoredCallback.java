package io.switchboard.storage;

/** A callback checked and queued for the next group commit: each kind goes to its own tables. */
sealed interface StoredCallback permits CallbackEvent, RecordingEvent {
}
