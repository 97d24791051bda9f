package io.switchboard.events;

import io.switchboard.directory.LiveDirectory;

/**
 * The live events' addresses. Their messages are {@link io.vertx.core.json.JsonObject}s, published (never sent),
 * with no local codec: a clustered event bus carries them between servers unchanged.
 */
public final class EventAddresses {

  /**
   * What happens to one browser client's calls and voicemail: {@code events.client.<client>}, body
   * {@code {"id", "type", "at", ...}}; see {@link #client}.
   */
  public static final String CLIENT_PREFIX = "events.client.";

  /**
   * The directory in force on this node changed (body {@code {}}, published by the directory to its own node):
   * every stream tells its page to renew its token.
   */
  public static final String DIRECTORY = LiveDirectory.EVENTS_ADDRESS;

  private EventAddresses() {
  }

  /** The address of {@code client}'s events. */
  public static String client(String client) {
    return CLIENT_PREFIX + client;
  }
}
