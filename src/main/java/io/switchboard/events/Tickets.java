package io.switchboard.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-time tickets that open one client's events stream without a header, for the browser's EventSource, which
 * cannot send {@code Authorization}: 256 random bits, kept in Vert.x's shared data (so that any server of a
 * cluster can take it) for a few seconds, bound to the client they were issued to, and removed by the request
 * that uses them, so that a ticket seen in a proxy's log or a browser's history opens nothing.
 */
public final class Tickets {

  private static final String MAP = "switchboard.events.tickets";
  private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final long ttlMillis;

  public Tickets(Vertx vertx, int ttlSeconds) {
    this.vertx = vertx;
    this.ttlMillis = ttlSeconds * 1000L;
  }

  /** A new ticket for {@code client}, valid once within the time to live. */
  public Future<String> issue(String client) {
    byte[] bits = new byte[32];
    RANDOM.nextBytes(bits);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    return map().compose(map -> map.put(ticket, client, ttlMillis)).map(ticket);
  }

  /** The client {@code ticket} was issued to, if it is unused and unexpired; it is used up either way. */
  public Future<Optional<String>> redeem(String ticket) {
    if (!TICKET.matcher(ticket).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return map().compose(map -> map.remove(ticket)).map(Optional::ofNullable);
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
