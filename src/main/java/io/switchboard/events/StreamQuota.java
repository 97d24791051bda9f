package io.switchboard.events;

import io.vertx.ext.web.handler.HttpException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many events streams are open on this server, per client and in all, shared by the HTTP verticle's instances:
 * a stream holds a connection and a consumer for as long as the page is open, so neither one client's tabs nor
 * all clients together may open them without bound.
 */
public final class StreamQuota {

  private final int perClient;
  private final int total;
  private final Map<String, Integer> byClient = new HashMap<>();
  private int open;

  public StreamQuota(int perClient, int total) {
    this.perClient = perClient;
    this.total = total;
  }

  /** A stream for {@code client} if both bounds allow it, else why not: 429 for the client's, 503 for all. */
  public synchronized Optional<HttpException> take(String client) {
    if (open >= total) {
      return Optional.of(new HttpException(503, "this server holds as many event streams as it may; retry later"));
    }
    if (byClient.getOrDefault(client, 0) >= perClient) {
      return Optional.of(new HttpException(429, "this client holds as many event streams as it may ("
          + perClient + "); close one"));
    }
    open++;
    byClient.merge(client, 1, Integer::sum);
    return Optional.empty();
  }

  /** One of {@code client}'s streams closed. */
  public synchronized void release(String client) {
    open--;
    byClient.computeIfPresent(client, (name, count) -> count == 1 ? null : count - 1);
  }
}
