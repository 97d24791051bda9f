package io.switchboard.loadtest;

import java.util.random.RandomGenerator;

/**
 * How simulated calls go, in per cent: what each {@code <Dial>} comes to (answered, not answered, busy: 100 in all),
 * the callers who hang up while the first dial still rings, the callbacks Twilio delivers twice or late, and the
 * calls that a client makes to a phone rather than a phone to the directory.
 */
record CallMix(int answer, int noAnswer, int busy, int hangUp, int duplicates, int reorder, int outgoing) {

  static final CallMix DEFAULT = new CallMix(70, 20, 10, 5, 5, 5, 0);

  /** What a dial comes to. */
  enum Outcome { ANSWERED, NO_ANSWER, BUSY }

  CallMix {
    if (answer + noAnswer + busy != 100) {
      throw new IllegalArgumentException("--answer, --no-answer and --busy must add up to 100, not "
          + (answer + noAnswer + busy));
    }
  }

  Outcome dial(RandomGenerator random) {
    int pick = random.nextInt(100);
    return pick < answer ? Outcome.ANSWERED : pick < answer + noAnswer ? Outcome.NO_ANSWER : Outcome.BUSY;
  }

  boolean hangsUpEarly(RandomGenerator random) {
    return random.nextInt(100) < hangUp;
  }

  boolean outgoing(RandomGenerator random) {
    return random.nextInt(100) < outgoing;
  }

  boolean duplicated(RandomGenerator random) {
    return random.nextInt(100) < duplicates;
  }

  boolean reordered(RandomGenerator random) {
    return random.nextInt(100) < reorder;
  }

  /** As the summary says it. */
  String describe() {
    return String.format("%d%% of calls from a client to a phone, the others from a phone to the directory; each dial"
        + " %d%% answered, %d%% not answered, %d%% busy; %d%% of callers hang up while it rings; %d%% of callbacks sent"
        + " twice, %d%% late", outgoing, answer, noAnswer, busy, hangUp, duplicates, reorder);
  }
}
