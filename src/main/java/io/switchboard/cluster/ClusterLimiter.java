package io.switchboard.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.switchboard.security.AsyncLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@link io.switchboard.security.Limiter}'s fixed windows kept in a Hazelcast map shared by every node. Each
 * count is one atomic step on the key's owner ({@link CountOne}, an entry processor): no read-then-write that two
 * nodes could interleave, one round trip. Each window expires with its end (the entry's time to live), and the map
 * keeps at most {@value HazelcastSettings#LIMIT_KEYS_PER_NODE} keys per node, so that memory stays bounded
 * whatever addresses callers use. Windows start by the clock of the node that counts: nodes keep time with NTP.
 */
public final class ClusterLimiter implements AsyncLimiter {

  private final Vertx vertx;
  private final IMap<String, long[]> windows;
  private final int limit;
  private final long windowMillis;
  private final LongSupplier clock;

  /** @param name the limit's name, unique in the cluster: every node that counts it must use the same */
  public ClusterLimiter(Vertx vertx, ClusterNode node, String name, int limit, long windowSeconds,
                        LongSupplier clockMillis) {
    this.vertx = vertx;
    this.windows = node.hazelcast().getMap(HazelcastSettings.LIMITS_MAPS.replace("*", name));
    this.limit = limit;
    this.windowMillis = windowSeconds * 1000;
    this.clock = clockMillis;
  }

  @Override
  public Future<Long> hit(String key) {
    long now = clock.getAsLong();
    return onContext(windows.submitToKey(key, new CountOne(now, windowMillis)))
        .map(window -> window[1] > limit ? secondsLeft(window, now) : 0L);
  }

  @Override
  public Future<Long> retryAfter(String key) {
    long now = clock.getAsLong();
    return onContext(windows.getAsync(key)).map(window -> window != null && window[1] >= limit
        && now - window[0] < windowMillis ? secondsLeft(window, now) : 0L);
  }

  @Override
  public Future<Void> reset(String key) {
    return onContext(windows.removeAsync(key)).mapEmpty();
  }

  /** Hazelcast completes on its own threads: the caller's code goes on on its event loop. */
  private <T> Future<T> onContext(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  private long secondsLeft(long[] window, long now) {
    return Math.max(1, (window[0] + windowMillis - now + 999) / 1000);
  }

  /**
   * Runs where the key lives, alone on it: opens a window of one, or adds one to the window still open, which then
   * expires when it ends. The value is {@code [windowStartMillis, count]}.
   */
  static final class CountOne implements EntryProcessor<String, long[], long[]> {

    private static final long serialVersionUID = 1L;

    private final long now;
    private final long windowMillis;

    CountOne(long now, long windowMillis) {
      this.now = now;
      this.windowMillis = windowMillis;
    }

    @Override
    public long[] process(Map.Entry<String, long[]> entry) {
      long[] current = entry.getValue();
      long[] next = current == null || now - current[0] >= windowMillis
          ? new long[] {now, 1}
          : new long[] {current[0], current[1] + 1};
      ((ExtendedMapEntry<String, long[]>) entry).setValue(next, Math.max(1, next[0] + windowMillis - now),
          TimeUnit.MILLISECONDS);
      return next;
    }
  }
}
