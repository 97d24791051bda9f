package io.switchboard.security;

import io.vertx.core.Future;

/**
 * A {@link Limiter}'s counts where they may live outside the process: in the cluster, shared by every node, so that
 * a client allowed five tries gets five in the cluster, not five per node. One process keeps its counts in its own
 * memory ({@link #inProcess}), answered at once.
 */
public interface AsyncLimiter {

  /** Counts one event for {@code key}; 0 when it is within the limit, else the seconds to wait. */
  Future<Long> hit(String key);

  /** The seconds {@code key} must still wait, without counting an event; 0 when it may go on. */
  Future<Long> retryAfter(String key);

  Future<Void> reset(String key);

  static AsyncLimiter inProcess(Limiter limiter) {
    return new AsyncLimiter() {
      @Override
      public Future<Long> hit(String key) {
        return Future.succeededFuture(limiter.hit(key));
      }

      @Override
      public Future<Long> retryAfter(String key) {
        return Future.succeededFuture(limiter.retryAfter(key));
      }

      @Override
      public Future<Void> reset(String key) {
        limiter.reset(key);
        return Future.succeededFuture();
      }
    };
  }
}
