package io.switchboard.storage;

/**
 * One of a client's voicemails, to find, mark heard or delete: the store looks at and changes that client's row
 * only, and refuses (404) a voicemail that is not the client's or that it deleted already.
 *
 * @param recordingSid the voicemail's id
 */
public record VoicemailLookup(String client, String recordingSid) {
}
