package io.switchboard.storage;

import java.util.Optional;

/**
 * A page of {@code client}'s voicemails, newest first.
 *
 * @param limit  at most this many, 1 to {@link CallQuery#MAX_LIMIT}
 * @param cursor the {@link VoicemailPage#next()} of the page before; empty for the first page
 */
public record VoicemailQuery(String client, int limit, Optional<String> cursor) {
}
