package io.switchboard.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which browser clients are online: a client is while it holds an events stream (each heartbeat renews it) or
 * while its page says that its Twilio device is registered. Kept in an {@link AsyncMap} of Vert.x's shared data,
 * one key per client whose value is the time it came online, each put with a time to live: a client whose page
 * went away drops out by itself, and a clustered Vert.x shares the map between servers unchanged.
 */
public final class Presence {

  private static final String MAP = "switchboard.presence";

  private final Vertx vertx;
  private final long ttlMillis;

  /** @param ttlSeconds how long a client stays online after its last renewal */
  public Presence(Vertx vertx, int ttlSeconds) {
    this.vertx = vertx;
    this.ttlMillis = ttlSeconds * 1000L;
  }

  /** {@code client} is online for the time to live from now; since when it is, unchanged if it already was. */
  public Future<Void> renew(String client) {
    return map().compose(map -> map.get(client)
        .compose(since -> map.put(client, since != null ? since : Instant.now().toString(), ttlMillis)));
  }

  /** {@code client} is offline now, until its next renewal. */
  public Future<Void> leave(String client) {
    return map().compose(map -> map.remove(client)).mapEmpty();
  }

  /** Those of {@code clients} that are online, each with the time it came online. */
  public Future<Map<String, Instant>> online(Collection<String> clients) {
    List<String> asked = List.copyOf(clients);
    return map().compose(map -> Future.all(asked.stream().map(map::get).toList()).map(all -> {
      Map<String, Instant> online = new TreeMap<>();
      for (int i = 0; i < asked.size(); i++) {
        String since = all.resultAt(i);
        if (since != null) {
          online.put(asked.get(i), Instant.parse(since));
        }
      }
      return online;
    }));
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
