package io.switchboard.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts events per key (a client address, a phone number) in fixed windows: past {@code limit} events in one
 * window, the key must wait for the window's end. Safe to share between verticle instances; memory stays bounded
 * by dropping finished windows once there are many keys.
 */
public final class Limiter {

  private static final int PURGE_ABOVE_KEYS = 10_000;

  private record Window(long startMillis, int count) {
  }

  private final int limit;
  private final long windowMillis;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public Limiter(int limit, long windowSeconds, LongSupplier clockMillis) {
    this.limit = limit;
    this.windowMillis = windowSeconds * 1000;
    this.clock = clockMillis;
  }

  public Limiter(int limit, long windowSeconds) {
    this(limit, windowSeconds, System::currentTimeMillis);
  }

  /** Counts one event for {@code key}; returns 0 when it is within the limit, else the seconds to wait. */
  public long hit(String key) {
    long now = clock.getAsLong();
    Window window = windows.compute(key, (k, current) -> current == null || now - current.startMillis() >= windowMillis
        ? new Window(now, 1)
        : new Window(current.startMillis(), current.count() + 1));
    if (windows.size() > PURGE_ABOVE_KEYS) {
      windows.values().removeIf(old -> now - old.startMillis() >= windowMillis);
    }
    return window.count() > limit ? secondsLeft(window, now) : 0;
  }

  /** The seconds {@code key} must still wait, without counting an event; 0 when it may go on. */
  public long retryAfter(String key) {
    Window window = windows.get(key);
    long now = clock.getAsLong();
    return window != null && window.count() >= limit && now - window.startMillis() < windowMillis
        ? secondsLeft(window, now) : 0;
  }

  public void reset(String key) {
    windows.remove(key);
  }

  private long secondsLeft(Window window, long now) {
    return Math.max(1, (window.startMillis() + windowMillis - now + 999) / 1000);
  }
}
