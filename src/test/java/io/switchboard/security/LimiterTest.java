package io.switchboard.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Limiter limiter = new Limiter(3, 60, now::get);

  @Test
  void eventsWithinTheLimitPassAndTheNextWaitsForTheWindowsEnd() {
    assertEquals(0, limiter.hit("a"));
    assertEquals(0, limiter.hit("a"));
    assertEquals(0, limiter.hit("a"));
    now.addAndGet(20_000);
    assertEquals(40, limiter.hit("a"));
    assertEquals(40, limiter.retryAfter("a"));
    assertEquals(0, limiter.retryAfter("b"), "keys are counted apart");
  }

  @Test
  void aNewWindowStartsAfterTheOldOneEnds() {
    for (int i = 0; i < 5; i++) {
      limiter.hit("a");
    }
    now.addAndGet(60_000);
    assertEquals(0, limiter.retryAfter("a"));
    assertEquals(0, limiter.hit("a"));
  }

  @Test
  void retryAfterCountsNothingAndResetForgets() {
    limiter.hit("a");
    limiter.hit("a");
    assertEquals(0, limiter.retryAfter("a"));
    limiter.hit("a");
    assertEquals(60, limiter.retryAfter("a"), "the limit is reached: the next attempt must wait");
    limiter.reset("a");
    assertEquals(0, limiter.retryAfter("a"));
  }
}
