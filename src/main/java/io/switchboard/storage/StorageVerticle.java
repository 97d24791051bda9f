package io.switchboard.storage;

import io.switchboard.bus.Refusal;
import io.switchboard.config.StorageSettings;
import io.switchboard.events.EventAddresses;
import io.switchboard.ops.Health;
import io.switchboard.ops.SwitchboardMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns the call records' database, on the addresses of {@link StorageAddresses}. One instance: it owns the pool.
 * On H2 its writes go one transaction at a time, so that each call's summary is recomputed from every event already
 * committed. On PostgreSQL several commits run at once, on the pool's connections but one: each locks the rows of
 * the calls it changes before it reads their events ({@link CallStore#store}), as commits of several nodes do, so a
 * commit waits for the one before it on the same call instead of the whole store waiting for each commit's round
 * trips and flush.
 *
 * <p>Callbacks are group-committed: those that arrive within {@link #GATHER_MILLIS} of each other (and those that
 * arrive while every commit the store may run is running) share one transaction, or are shared among the commits
 * that may start, and each is answered only after its commit. The queue is bounded: a callback past it is refused at
 * once (503), and so is every callback while the database is down, which a probe watches for its return: a dead
 * database never holds a request.
 */
public final class StorageVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StorageVerticle.class);
  static final String UNAVAILABLE = "store unavailable";
  private static final long GATHER_MILLIS = 2;
  private static final int MAX_BATCH = 1_024;
  /** The fewest callbacks a commit takes when the queue is shared among several: each commit has its round trips. */
  private static final int MIN_SHARE = 16;
  /**
   * How long a commit, or a chunk of the retention, may go unanswered before the database counts as down: a database
   * that keeps its connections and answers nothing (a hung host, a stalled disk) is as unusable as one that refuses
   * them. Under the HTTP side's wait for the bus, so that the store answers its callbacks itself.
   */
  static final long COMMIT_DEADLINE_MILLIS = 3_000;
  private static final long PROBE_MILLIS = 1_000;
  /** The pauses between replacements of the pool while probes go unanswered: the first, and the longest. */
  private static final long FIRST_REPLACE_PAUSE_MILLIS = 5_000;
  private static final long MAX_REPLACE_PAUSE_MILLIS = 60_000;
  /** How long work may stay unanswered while the database answers probes, before it counts as lost. */
  private static final long OVERDUE_GIVE_UP_MILLIS = 30_000;
  private static final long RETENTION_MILLIS = Duration.ofHours(1).toMillis();
  /**
   * The most calls one transaction of the retention deletes: commits wait while it runs, and an hour of a busy
   * server's calls deleted at once held them for as long as the delete took.
   */
  static final int RETENTION_CHUNK = 1_000;
  private static final int MAX_REASON = 200;

  private final StorageSettings settings;
  private final Health health;
  private final SwitchboardMetrics metrics;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private CallStore store;
  private VoicemailStore voicemails;
  private EventLog events;
  /** The commits that may run at once: see the class comment. */
  private final int maxCommits;
  /** A timer will start a commit with what it has gathered. */
  private boolean gathering;
  private boolean retentionDue;
  /** A chunk of the retention runs alone, no commit beside it. */
  private boolean retaining;
  /** The due retention's cutoff, kept from its first chunk to its last; null between runs. */
  private Instant expiredBefore;
  private int expiredDeleted;
  /** After a chunk, the callbacks that waited for it are committed before the next chunk. */
  private boolean commitsFirst;
  private boolean migrated;
  /** Why the database cannot be used; null while it can. */
  private String problem;
  private long probeTimer = -1;
  /** A probe is out: one at a time, since a database that does not answer holds each. */
  private boolean probing;
  /** The probes started or given up so far: the answer of one given up is told from the newest's. */
  private long probes;
  /**
   * Work past its deadline that the database has not answered yet: the store stays down until it is, or until its
   * pool is replaced, since that work holds its connection and its place.
   */
  private int overdue;
  /** The pools opened so far: what was started on a pool since replaced is abandoned, whenever it ends. */
  private long pools;
  /**
   * The batches of the commits running, one each: how many run, and what to refuse if their pool is replaced before
   * they end.
   */
  private final Set<List<Pending>> running = Collections.newSetFromMap(new IdentityHashMap<>());
  /** When work first went overdue in the current outage ({@link System#nanoTime}); meaningless while none is. */
  private long overdueSinceNanos;
  /** When the pool was last replaced ({@link System#nanoTime}), and how long until it may be again. */
  private long replacedAtNanos;
  private long replacePauseMillis;

  private record Pending(StoredCallback event, Message<?> message) {
  }

  public StorageVerticle(StorageSettings settings, Health health, SwitchboardMetrics metrics) {
    this.settings = settings;
    this.health = health;
    this.metrics = metrics;
    // One connection stays free for the reads of the history and the health probe.
    this.maxCommits = settings.isPostgres() ? Math.max(1, settings.poolSize() - 1) : 1;
  }

  @Override
  public Future<?> start() {
    openPool();
    vertx.eventBus().<CallCallback>localConsumer(StorageAddresses.RECORD_CALLBACK,
        message -> record(message, CallbackEvent::of));
    vertx.eventBus().<RecordingCallback>localConsumer(StorageAddresses.RECORD_RECORDING,
        message -> record(message, RecordingEvent::of));
    vertx.eventBus().<CallQuery>localConsumer(StorageAddresses.LIST_CALLS, this::list);
    vertx.eventBus().<CallLookup>localConsumer(StorageAddresses.GET_CALL, this::get);
    vertx.eventBus().<VoicemailQuery>localConsumer(StorageAddresses.LIST_VOICEMAILS, this::listVoicemails);
    vertx.eventBus().<VoicemailLookup>localConsumer(StorageAddresses.FIND_VOICEMAIL, message -> read(message,
        () -> voicemails.find(message.body()).onComplete(found -> answerFound(message, found))));
    vertx.eventBus().<VoicemailLookup>localConsumer(StorageAddresses.MARK_HEARD, this::markHeard);
    vertx.eventBus().<VoicemailLookup>localConsumer(StorageAddresses.DELETE_VOICEMAIL, this::deleteVoicemail);
    vertx.eventBus().<EventsSince>localConsumer(StorageAddresses.EVENTS_SINCE, message -> read(message,
        () -> events.since(message.body()).onComplete(missed -> answer(message,
            missed.map(found -> (Object) new JsonArray(List.copyOf(found)))))));
    vertx.setPeriodic(RETENTION_MILLIS, id -> dueRetention());
    // A database that cannot be reached at start leaves the server up, calls ringing and storage DOWN, until the
    // probe finds it: failing the start there closed the pool under its own timed-out acquisition, and the start
    // hung. The first retention runs once started, in turn with the commits: the server listens meanwhile, however
    // many calls expired while it was stopped.
    return migrate().onSuccess(ok -> dueRetention()).recover(failure -> {
      down(failure);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<?> stop() {
    // Whatever is still queued is refused rather than lost silently: Twilio sends a refused callback again as its
    // URL asks (calls.callbackRetries).
    failQueued();
    return store.close();
  }

  /** Queues a callback for the next group commit once {@code check} finds it complete. */
  private <T> void record(Message<T> message, Function<T, StoredCallback> check) {
    try {
      StoredCallback event;
      try {
        event = check.apply(message.body());
      } catch (IllegalArgumentException e) {
        metrics.callbackRejected("invalid");
        message.reply(Refusal.of(400, e.getMessage()));
        return;
      }
      if (problem != null) {
        refuse(message, "unavailable");
      } else if (queue.size() >= settings.queueSize()) {
        refuse(message, "queue_full");
      } else {
        queue.add(new Pending(event, message));
        metrics.storageQueue(queue.size());
        gatherIfFree();
      }
    } catch (RuntimeException e) {
      LOG.error("Storing a callback failed", e);
      message.reply(Refusal.internalError("storing failed"));
    }
  }

  private void list(Message<CallQuery> message) {
    read(message, () -> {
      CallQuery query = message.body();
      if (query.limit() < 1 || query.limit() > CallQuery.MAX_LIMIT) {
        message.reply(Refusal.of(400, "limit must be between 1 and " + CallQuery.MAX_LIMIT));
        return;
      }
      Optional<PageCursor> after;
      try {
        after = query.cursor().map(text -> PageCursor.decode(text, PageCursor.CALL_SID));
      } catch (IllegalArgumentException e) {
        message.reply(Refusal.of(400, "bad cursor"));
        return;
      }
      store.list(query, after)
          .compose(page -> voicemails.withVoicemails(query.client(), page.calls())
              .map(calls -> new CallPage(calls, page.next())))
          .onComplete(page -> answer(message, page.map(found -> found)));
    });
  }

  private void get(Message<CallLookup> message) {
    read(message, () -> store.get(message.body())
        .compose(call -> call.isEmpty() ? Future.succeededFuture(call)
            : voicemails.withVoicemails(message.body().client(), List.of(call.get()))
                .map(calls -> Optional.of(calls.get(0))))
        .onComplete(call -> {
          if (call.succeeded() && call.result().isEmpty()) {
            message.reply(Refusal.of(404, "no such call"));
          } else {
            answer(message, call.map(found -> found.orElseThrow()));
          }
        }));
  }

  private void listVoicemails(Message<VoicemailQuery> message) {
    read(message, () -> {
      VoicemailQuery query = message.body();
      if (query.limit() < 1 || query.limit() > CallQuery.MAX_LIMIT) {
        message.reply(Refusal.of(400, "limit must be between 1 and " + CallQuery.MAX_LIMIT));
        return;
      }
      Optional<PageCursor> after;
      try {
        after = query.cursor().map(text -> PageCursor.decode(text, PageCursor.RECORDING_SID));
      } catch (IllegalArgumentException e) {
        message.reply(Refusal.of(400, "bad cursor"));
        return;
      }
      voicemails.list(query, after).onComplete(page -> answer(message, page.map(found -> found)));
    });
  }

  /** Marks the client's voicemail heard, and tells the client's other pages. */
  private void markHeard(Message<VoicemailLookup> message) {
    VoicemailLookup lookup = message.body();
    read(message, () -> voicemails.markHeard(lookup)
        .onComplete(marked -> answerFound(message, marked.map(done -> done ? Optional.of("heard") : Optional.empty())))
        .onSuccess(done -> tellIf(done, lookup.client(), ClientEvents.voicemailHeard(lookup.recordingSid()))));
  }

  /** Deletes the client's voicemail, and tells the client's other pages. */
  private void deleteVoicemail(Message<VoicemailLookup> message) {
    VoicemailLookup lookup = message.body();
    read(message, () -> voicemails.delete(lookup)
        .onComplete(deleted -> answerFound(message, deleted))
        .onSuccess(deleted -> tellIf(deleted.isPresent(), lookup.client(),
            ClientEvents.voicemailDeleted(lookup.recordingSid()))));
  }

  private void tellIf(boolean changed, String client, JsonObject event) {
    if (changed) {
      vertx.eventBus().publish(EventAddresses.client(client), event);
    }
  }

  /** Runs a read, refusing it at once while the database is down; never lets an exception reach the bus. */
  private void read(Message<?> message, Runnable query) {
    try {
      if (problem != null) {
        message.reply(Refusal.unavailable(UNAVAILABLE));
      } else {
        query.run();
      }
    } catch (RuntimeException e) {
      LOG.error("Reading the call records failed", e);
      message.reply(Refusal.internalError("reading failed"));
    }
  }

  /** The voicemail's answer: 404 when the store found none of the client's. */
  private void answerFound(Message<?> message, io.vertx.core.AsyncResult<? extends Optional<?>> result) {
    if (result.succeeded() && result.result().isEmpty()) {
      message.reply(Refusal.of(404, "no such voicemail"));
    } else {
      answer(message, result.map(found -> found.orElseThrow()));
    }
  }

  private void answer(Message<?> message, io.vertx.core.AsyncResult<Object> result) {
    if (result.succeeded()) {
      message.reply(result.result());
    } else {
      LOG.warn("Reading the call records failed: {}", reason(result.cause()));
      message.reply(Refusal.unavailable(UNAVAILABLE));
    }
  }

  /** Gives the callbacks that follow a few milliseconds to join the queue's head when a commit may start. */
  private void gatherIfFree() {
    // A due retention does not stop the timer: writeNext runs it first, once no commit runs.
    if (!gathering && !retaining && running.size() < maxCommits) {
      gathering = true;
      vertx.setTimer(GATHER_MILLIS, id -> {
        gathering = false;
        writeNext();
      });
    }
  }

  /**
   * Starts what may start: a chunk of the due retention once no commit runs, then the commits of what waited for it,
   * and so on in turn; else commits while the store may.
   */
  private void writeNext() {
    if (problem != null) {
      failQueued();
    } else if (retaining) {
      // The chunk's end comes back here.
    } else if (retentionDue && !(commitsFirst && !queue.isEmpty())) {
      if (running.isEmpty()) {
        retaining = true;
        if (expiredBefore == null) {
          expiredBefore = Instant.now().minus(Duration.ofDays(settings.retentionDays()));
          expiredDeleted = 0;
        }
        Instant cutoff = expiredBefore;
        long pool = pools;
        Future<Void> chunk = deleteExpiredChunk(cutoff);
        withDeadline(chunk, "the retention's delete", () -> endRetention(cutoff));
        chunk.onComplete(done -> {
          // A chunk of a pool given up since ends at last: it says nothing of the database now.
          if (pool != pools) {
            return;
          }
          retaining = false;
          if (done.failed()) {
            endRetention(cutoff);
            down(done.cause());
          }
          commitsFirst = true;
          writeNext();
        });
      }
    } else if (!queue.isEmpty() && running.size() < maxCommits) {
      commitsFirst = false;
      // The queue is shared among the commits that may start, so that they run side by side: one commit taking it
      // all would leave the others waiting for what arrives after it.
      int share = Math.max(MIN_SHARE, -Math.floorDiv(-queue.size(), maxCommits - running.size()));
      while (!queue.isEmpty() && running.size() < maxCommits) {
        startCommit(Math.min(share, MAX_BATCH));
      }
    }
  }

  private void startCommit(int most) {
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), most));
    while (!queue.isEmpty() && batch.size() < most) {
      batch.add(queue.poll());
    }
    metrics.storageQueue(queue.size());
    running.add(batch);
    metrics.storageCommitsRunning(running.size());
    long started = System.nanoTime();
    Future<Committed> outcome;
    try {
      outcome = commit(batch.stream().map(Pending::event).toList());
    } catch (RuntimeException e) {
      // Deriving a batch's calls runs before its transaction: a throw there fails this commit, never the counter.
      outcome = Future.failedFuture(e);
    }
    int size = batch.size();
    long pool = pools;
    // Past the deadline its callbacks are refused now: one that commits later is stored all the same, and a repeat
    // of it changes nothing. The commit still holds its connection, so it counts as running until it is answered.
    withDeadline(outcome, "a commit", () -> {
      batch.forEach(pending -> refuse(pending.message(), "unavailable"));
      batch.clear();
    });
    outcome.onComplete(committed -> {
      if (pool != pools) {
        // Abandoned with its pool, which refused its callbacks and no longer counts it.
        return;
      }
      running.remove(batch);
      metrics.storageCommitsRunning(running.size());
      metrics.storageCommit(size, System.nanoTime() - started);
      if (committed.succeeded()) {
        batch.forEach(pending -> pending.message().reply("stored"));
        metrics.callbacksStored(size);
        publish(committed.result());
      } else {
        down(committed.cause());
        batch.forEach(pending -> refuse(pending.message(), "unavailable"));
      }
      writeNext();
    });
  }

  /**
   * Marks the database down when {@code work} is not answered within {@link #COMMIT_DEADLINE_MILLIS}, after
   * {@code stalled}; a probe brings it back once the database answers again.
   */
  private void withDeadline(Future<?> work, String what, Runnable stalled) {
    long pool = pools;
    long deadline = vertx.setTimer(COMMIT_DEADLINE_MILLIS, id -> {
      if (pool != pools) {
        return;
      }
      if (overdue++ == 0) {
        overdueSinceNanos = System.nanoTime();
      }
      stalled.run();
      down(new TimeoutException("the database has not answered " + what + " for " + COMMIT_DEADLINE_MILLIS / 1_000
          + " s"));
    });
    // A timer that can no longer be cancelled has fired: the work was overdue, and is answered now.
    work.onComplete(answered -> {
      if (!vertx.cancelTimer(deadline) && pool == pools) {
        overdue--;
      }
    });
  }

  /** What a commit made true: the calls it rewrote, as they are now, and the recordings it stored. */
  private record Committed(List<CallRecord> calls, List<RecordingEvent> recordings) {
  }

  /**
   * The batch's call events and recordings, each kind in its transaction, then forced to disk: durable when the
   * future succeeds.
   */
  private Future<Committed> commit(List<StoredCallback> events) {
    List<CallbackEvent> calls = new ArrayList<>();
    List<RecordingEvent> recordings = new ArrayList<>();
    for (StoredCallback event : events) {
      if (event instanceof CallbackEvent call) {
        calls.add(call);
      } else {
        recordings.add((RecordingEvent) event);
      }
    }
    // The stores of the pool it starts on, for all its steps: a pool replaced meanwhile is not this commit's.
    CallStore callStore = store;
    VoicemailStore voicemailStore = voicemails;
    Future<List<CallRecord>> callsCommitted =
        calls.isEmpty() ? Future.succeededFuture(List.of()) : callStore.store(calls);
    return (recordings.isEmpty() ? callsCommitted : callsCommitted.compose(done -> voicemailStore.store(recordings)
        .map(done))).compose(rewritten -> callStore.sync().map(new Committed(rewritten, recordings)));
  }

  /**
   * Tells each client of the committed calls the step its call is at now, and each client of a new voicemail
   * about it ({@link ClientEvents}): published only once durable, so that what a page is told it can read again.
   */
  private void publish(Committed committed) {
    try {
      for (CallRecord call : committed.calls()) {
        ClientEvents.now(call).ifPresent(event -> call.clients()
            .forEach(client -> vertx.eventBus().publish(EventAddresses.client(client), event)));
      }
    } catch (RuntimeException e) {
      // Never in the way of the next commit: the events are in the records, for the next replay.
      LOG.error("Telling the clients of committed calls failed", e);
    }
    List<String> newVoicemails = committed.recordings().stream().filter(RecordingEvent::isVoicemail)
        .map(RecordingEvent::recordingSid).distinct().toList();
    events.voicemailsOf(newVoicemails)
        .onSuccess(found -> found.forEach(each -> vertx.eventBus()
            .publish(EventAddresses.client(each.client()), ClientEvents.voicemail(each.voicemail()))))
        .onFailure(failure -> LOG.warn("New voicemails stored but not announced: {}", reason(failure)));
  }

  private void dueRetention() {
    retentionDue = true;
    writeNext();
  }

  /**
   * Deletes the next {@link #RETENTION_CHUNK} expired calls; once fewer are left, the expired voicemails, and the run
   * ends. A chunk that fails marks the database down and ends the run ({@link #writeNext}): the next hour's takes it
   * up.
   */
  private Future<Void> deleteExpiredChunk(Instant cutoff) {
    VoicemailStore voicemailStore = voicemails;
    return store.deleteStartedBefore(cutoff, RETENTION_CHUNK).compose(deleted -> {
      expiredDeleted += deleted;
      if (deleted == RETENTION_CHUNK) {
        return Future.<Void>succeededFuture();
      }
      return voicemailStore.deleteReceivedBefore(cutoff).map(voicemailsDeleted -> {
        if (expiredDeleted > 0 || voicemailsDeleted > 0) {
          LOG.info("Deleted {} calls that started, and {} voicemails received, before {} ({} days ago)",
              expiredDeleted, voicemailsDeleted, cutoff, settings.retentionDays());
        }
        endRetention(cutoff);
        return null;
      });
    });
  }

  /**
   * Ends the run of {@code cutoff}: done, or failed, or past its deadline, in which case the next hour's run takes it
   * up again rather than the store retrying at once a delete that keeps failing or taking too long. A chunk answered
   * after its run was ended leaves the runs after it alone.
   */
  private void endRetention(Instant cutoff) {
    if (cutoff.equals(expiredBefore)) {
      retentionDue = false;
      expiredBefore = null;
    }
  }

  private Future<Void> migrate() {
    return vertx.executeBlocking(store::migrate, false).onSuccess(version -> {
      migrated = true;
      LOG.info("Call records on {}, schema version {}", store.location(), version);
    }).mapEmpty();
  }

  /**
   * Marks the store down for {@code cause}, unless it is down already: then the reason it went down stands (work
   * failing later, as the overdue work does when its pool is closed, says less), and only a probe's failure, the
   * newest word from the database, replaces it.
   */
  private void down(Throwable cause) {
    if (problem == null) {
      problem = reason(cause);
      LOG.error("Call records unavailable: {}", problem);
      health.storageDown(problem);
    }
    failQueued();
    if (probeTimer < 0) {
      probeTimer = vertx.setPeriodic(PROBE_MILLIS, id -> probe());
    }
  }

  /** The pool, and the stores that share it. */
  private void openPool() {
    store = CallStore.open(vertx, settings);
    voicemails = new VoicemailStore(store.pool());
    events = new EventLog(store.pool());
  }

  private void probe() {
    if (probing) {
      return;
    }
    probing = true;
    long generation = ++probes;
    Future<Void> ready;
    if (migrated) {
      ready = store.probe();
      // A probe whose connection never answers must not stop the next ones; the migration has its own timeouts.
      vertx.setTimer(COMMIT_DEADLINE_MILLIS, id -> {
        if (generation == probes && probing) {
          unanswered();
        }
      });
    } else {
      ready = migrate();
    }
    ready.onComplete(answered -> givenUp(generation)).onSuccess(up -> {
      // An answer to a probe given up since: the store stays as it is.
      if (generation != probes) {
        return;
      }
      if (overdue > 0) {
        // The database answers, and that work still does not. A slow database (a stalled disk, a lock) answers it in
        // time, and is waited for: giving up on it at once would only start the same wait again. Work unanswered for
        // OVERDUE_GIVE_UP_MILLIS is on connections that lead nowhere (a host that vanished and came back, or was
        // replaced): it is given up with them. Never on H2, which runs in this process: its work is slow, not lost.
        boolean lost = System.nanoTime() - overdueSinceNanos >= TimeUnit.MILLISECONDS.toNanos(OVERDUE_GIVE_UP_MILLIS);
        if (!settings.isPostgres() || !lost) {
          return;
        }
        replacePool();
      }
      replacePauseMillis = 0;
      if (problem != null) {
        LOG.info("Call records available again");
      }
      problem = null;
      health.storageUp();
      vertx.cancelTimer(probeTimer);
      probeTimer = -1;
      // A retention that came due while the database was down runs now; what arrives meanwhile waits for it.
      writeNext();
    }).onFailure(failure -> {
      if (generation == probes && problem != null) {
        problem = reason(failure);
        health.storageDown(problem);
      }
    });
  }

  /** The probe of {@code generation} is over, answered or given up: the next may start, unless a newer one runs. */
  private void givenUp(long generation) {
    if (generation == probes) {
      probing = false;
    }
  }

  /**
   * The probe has waited its deadline: given up, and its late answer, of no generation, changes nothing. On
   * PostgreSQL the pool is replaced too, the first time at once, then after pauses that double up to a minute. A
   * database host that vanished (powered off, cut from the network) leaves the pool's connections open with nothing
   * behind them, which the kernel closes only after its keepalive time or its retransmissions (hours, or a quarter of
   * an hour): the probe would wait on them, and the store stay DOWN, long after the database was back. A database that
   * takes connections and answers none (a frozen host) leaves each replaced pool waiting on its connections until it
   * answers: the pauses bound how many.
   */
  private void unanswered() {
    probing = false;
    probes++;
    long now = System.nanoTime();
    if (settings.isPostgres() && now - replacedAtNanos >= TimeUnit.MILLISECONDS.toNanos(replacePauseMillis)) {
      replacedAtNanos = now;
      replacePauseMillis =
          Math.min(MAX_REPLACE_PAUSE_MILLIS, Math.max(2 * replacePauseMillis, FIRST_REPLACE_PAUSE_MILLIS));
      replacePool();
    }
  }

  /**
   * A new pool, which connects afresh, in place of one whose connections may lead nowhere. What was started on the old
   * one is abandoned: its callbacks are refused now (most were at their deadline), and it no longer counts as running
   * or overdue, whenever it ends, since closing a pool does not fail a query whose connection waits for an answer.
   */
  private void replacePool() {
    CallStore stale = store;
    pools++;
    for (List<Pending> batch : running) {
      batch.forEach(pending -> refuse(pending.message(), "unavailable"));
      batch.clear();
    }
    running.clear();
    metrics.storageCommitsRunning(0);
    overdue = 0;
    retaining = false;
    openPool();
    LOG.warn("Call records: new connections to the database, in place of ones that do not answer");
    stale.close().onFailure(failure -> LOG.warn("Closing the unanswered pool failed: {}", reason(failure)));
  }

  private void failQueued() {
    Consumer<Pending> refuse = pending -> refuse(pending.message(), "unavailable");
    while (!queue.isEmpty()) {
      refuse.accept(queue.poll());
    }
    metrics.storageQueue(0);
  }

  private void refuse(Message<?> message, String reason) {
    metrics.callbackRejected(reason);
    message.reply(Refusal.unavailable(UNAVAILABLE));
  }

  /** What failed, short enough for /health; a database's messages name hosts and tables, never the password. */
  private static String reason(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String firstLine = message.lines().findFirst().orElse("").strip();
    return firstLine.length() > MAX_REASON ? firstLine.substring(0, MAX_REASON) + "…" : firstLine;
  }
}
