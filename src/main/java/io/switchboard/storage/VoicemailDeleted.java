package io.switchboard.storage;

/**
 * The reply to a delete: the client's voicemail is marked deleted.
 *
 * @param lastCopy whether no client keeps the recording any more, so that Twilio's copy serves no one
 */
public record VoicemailDeleted(String recordingSid, boolean lastCopy) {
}
