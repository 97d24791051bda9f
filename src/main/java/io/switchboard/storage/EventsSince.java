package io.switchboard.storage;

/**
 * What one client's events stream missed: the events after {@code lastEventId} (its {@code Last-Event-ID}), oldest
 * first, as a {@link io.vertx.core.json.JsonArray} of the events' JSON; empty for an id that is not one of ours.
 */
public record EventsSince(String client, String lastEventId) {
}
