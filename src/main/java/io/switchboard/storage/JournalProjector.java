package io.switchboard.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds the callback journal into the records, one pass at a time: each pass takes the oldest journal rows, stores
 * them in one transaction as {@link CallStore} and {@link VoicemailStore} store callbacks, and deletes them
 * ({@link CallbackJournal#project}). The
 * records do not depend on the order of the callbacks nor on how they fall into transactions, so passes may be as
 * large as the journal holds: the larger, the more of the index pages they touch are shared.
 *
 * <p>Kicked after each append and whenever the store wants the journal drained; a kick during a pass makes another
 * pass follow it. Runs on its verticle's event loop.
 */
final class JournalProjector {

  /** The most journal rows in one pass. */
  static final int MAX_PASS = 4_096;
  /**
   * How long a pass waits after its kick: the callbacks appended meanwhile join it, and the acknowledgements, which
   * share the verticle's event loop and the machine's cores with the projection, go first.
   */
  static final long PAUSE_MILLIS = 100;
  /** How long a stopping server goes on projecting. */
  static final long STOP_DRAIN_MILLIS = 5_000;

  /**
   * What one committed pass made true: the calls it rewrote, as they are now, and the recordings it stored.
   *
   * @param nanos the pass's time, from its start to its commit
   */
  record Projected(int callbacks, long nanos, List<CallRecord> calls, Map<String, Instant> firstEventOfCall,
                   List<RecordingEvent> recordings) {

    Projected took(long passNanos) {
      return new Projected(callbacks, passNanos, calls, firstEventOfCall, recordings);
    }
  }

  private final Vertx vertx;
  private final CallbackJournal journal;
  private final CallStore store;
  private final VoicemailStore voicemails;
  private final Consumer<Projected> projected;
  private final Consumer<Throwable> failed;
  private boolean passing;
  private boolean kickedDuringPass;
  private boolean stopped;
  private long stopDeadline;
  /** The timer of the pass about to start; -1 when none is. */
  private long nextPass = -1;
  /** Completed when the pass running at {@link #stop()} ends. */
  private final Promise<Void> lastPassEnded = Promise.promise();

  /**
   * @param projected told of each pass once committed
   * @param failed    told when a pass fails; nothing is kicked again until the next {@link #kick()}
   */
  JournalProjector(Vertx vertx, CallbackJournal journal, CallStore store, VoicemailStore voicemails,
                   Consumer<Projected> projected, Consumer<Throwable> failed) {
    this.vertx = vertx;
    this.journal = journal;
    this.store = store;
    this.voicemails = voicemails;
    this.projected = projected;
    this.failed = failed;
  }

  /** Starts a pass, or another after the one running. */
  void kick() {
    if (stopped) {
      return;
    }
    if (passing) {
      kickedDuringPass = true;
    } else {
      passing = true;
      passAfterPause();
    }
  }

  /**
   * Projects what the journal holds, pass after pass without a pause, for at most {@link #STOP_DRAIN_MILLIS}, and
   * then no more: completes once the last pass has committed or rolled back. A server that stops leaves nothing it
   * acknowledged in the journal, unless the journal holds more than that time projects; its restart projects that.
   */
  Future<Void> stop() {
    stopped = true;
    stopDeadline = System.nanoTime() + STOP_DRAIN_MILLIS * 1_000_000;
    if (nextPass >= 0) {
      vertx.cancelTimer(nextPass);
      nextPass = -1;
      pass();
    } else if (!passing) {
      passing = true;
      pass();
    }
    return lastPassEnded.future();
  }

  private void passAfterPause() {
    nextPass = vertx.setTimer(PAUSE_MILLIS, id -> {
      nextPass = -1;
      pass();
    });
  }

  private void pass() {
    kickedDuringPass = false;
    long started = System.nanoTime();
    journal.project(MAX_PASS, this::project).onComplete(done -> {
          if (done.failed()) {
            passing = false;
            if (!stopped) {
              failed.accept(done.cause());
            }
          } else {
            projected.accept(done.result().took(System.nanoTime() - started));
            boolean more = done.result().callbacks() == MAX_PASS || kickedDuringPass;
            if (more && !stopped) {
              passAfterPause();
            } else if (more && System.nanoTime() < stopDeadline) {
              pass();
            } else {
              passing = false;
            }
          }
          if (stopped && !passing) {
            lastPassEnded.tryComplete();
          }
        });
  }

  private Future<Projected> project(SqlConnection connection, List<StoredCallback> claimed) {
    List<CallbackEvent> calls = new ArrayList<>();
    Map<String, Instant> firstEventOfCall = new HashMap<>();
    List<RecordingEvent> recordings = new ArrayList<>();
    for (StoredCallback callback : claimed) {
      if (callback instanceof CallbackEvent call) {
        calls.add(call);
        firstEventOfCall.merge(call.callSid(), call.at(), (one, other) -> one.isBefore(other) ? one : other);
      } else {
        recordings.add((RecordingEvent) callback);
      }
    }
    Future<List<CallRecord>> callsStored = calls.isEmpty() ? Future.succeededFuture(List.of())
        : store.store(connection, calls);
    return callsStored.compose(rewritten -> (recordings.isEmpty() ? Future.<Void>succeededFuture()
            : voicemails.store(connection, recordings))
        .map(done -> new Projected(claimed.size(), 0, rewritten, firstEventOfCall, recordings)));
  }
}
