package io.switchboard.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes events to standard output from a thread of its own, a batch at a time, so that the threads that log (the
 * event loops, for the access log) only put the event in a bounded queue. Unlike logback's AsyncAppender, a logged
 * event does not wake the writer: the writer wakes every {@code flushIntervalMillis}, takes all that is queued, and
 * writes it with one write to standard output, instead of one per line.
 *
 * <p>When the queue is full, the event is dropped and counted, never waited for; the writer then says in the same
 * output, at WARN, how many lines were dropped. Stopping logback's context (done by {@code Main} on a clean stop)
 * writes all that is queued.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** Past this, a batch is written out before it grows further: memory stays bounded by the queue, not the batch. */
  private static final int WRITE_CHUNK_BYTES = 64 * 1024;
  private static final long STOP_WAIT_MILLIS = 2_000;

  private Encoder<ILoggingEvent> encoder;
  private int queueSize = 8_192;
  private int flushIntervalMillis = 10;
  private ArrayBlockingQueue<ILoggingEvent> queue;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running;
  private Thread writer;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setFlushIntervalMillis(int flushIntervalMillis) {
    this.flushIntervalMillis = flushIntervalMillis;
  }

  /** Lines dropped since start because the queue was full. */
  public long droppedCount() {
    return dropped.get();
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("No encoder set for the appender named \"" + name + "\".");
      return;
    }
    if (queueSize < 1 || flushIntervalMillis < 1) {
      addError("queueSize and flushIntervalMillis must be at least 1 for the appender named \"" + name + "\".");
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    running = true;
    writer = new Thread(this::writeUntilStopped, "logback-batching-console-" + name);
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // The message, thread name and MDC are taken now, on the logging thread: the writer formats them later.
    event.prepareForDeferredProcessing();
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    LockSupport.unpark(writer);
    try {
      writer.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeUntilStopped() {
    List<ILoggingEvent> batch = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(WRITE_CHUNK_BYTES);
    long reportedDrops = 0;
    while (running) {
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis));
      reportedDrops = writeQueued(batch, bytes, reportedDrops);
    }
    writeQueued(batch, bytes, reportedDrops);
  }

  private long writeQueued(List<ILoggingEvent> batch, ByteArrayOutputStream bytes, long reportedDrops) {
    try {
      queue.drainTo(batch);
      for (ILoggingEvent event : batch) {
        bytes.writeBytes(encoder.encode(event));
        if (bytes.size() >= WRITE_CHUNK_BYTES) {
          writeOut(bytes);
        }
      }
      long drops = dropped.get();
      if (drops > reportedDrops) {
        bytes.writeBytes(encoder.encode(dropReport(drops - reportedDrops, batch)));
      }
      writeOut(bytes);
      return drops;
    } catch (IOException | RuntimeException e) {
      addError("Could not write to standard output", e);
      return reportedDrops;
    } finally {
      batch.clear();
      bytes.reset();
    }
  }

  private ILoggingEvent dropReport(long count, List<ILoggingEvent> batch) {
    String loggerName = batch.isEmpty() ? name : batch.get(batch.size() - 1).getLoggerName();
    LoggingEvent report = new LoggingEvent(BatchingConsoleAppender.class.getName(),
        ((LoggerContext) getContext()).getLogger(loggerName), Level.WARN,
        "{} lines dropped: more came than the queue of {} holds (appender {})", null,
        new Object[] {count, queueSize, name});
    report.prepareForDeferredProcessing();
    return report;
  }

  /** Through System.out, whose lock keeps these lines whole among the other appenders' writes. */
  private static void writeOut(ByteArrayOutputStream bytes) throws IOException {
    if (bytes.size() > 0) {
      PrintStream out = System.out;
      bytes.writeTo(out);
      out.flush();
      bytes.reset();
    }
  }
}
