package io.switchboard.storage;

import java.util.Optional;

/**
 * A page of the calls that involve {@code client}, newest first.
 *
 * @param limit  at most this many calls, 1 to {@value #MAX_LIMIT}
 * @param cursor the {@link CallPage#next()} of the page before; empty for the first page
 */
public record CallQuery(String client, int limit, Optional<String> cursor) {

  public static final int MAX_LIMIT = 100;
}
