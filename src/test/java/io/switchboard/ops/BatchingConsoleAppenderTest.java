package io.switchboard.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BatchingConsoleAppenderTest {

  /** Long enough that nothing is written before the test stops the appender, unless it says otherwise. */
  private static final int AN_HOUR = 3_600_000;

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final LoggerContext context = new LoggerContext();
  private final BatchingConsoleAppender appender = new BatchingConsoleAppender();
  private PrintStream standardOutput;

  @BeforeEach
  void captureStandardOutput() {
    standardOutput = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStandardOutput() {
    appender.stop();
    System.setOut(standardOutput);
  }

  @Test
  void linesAreHeldUntilTheIntervalAndAllWrittenWholeAndInOrderAtStop() throws InterruptedException {
    Logger log = start(8_192, AN_HOUR);
    Thread[] threads = IntStream.range(0, 2).mapToObj(thread -> new Thread(() -> {
      for (int i = 0; i < 3_000; i++) {
        log.info("t{} {}", thread, i);
      }
    })).toArray(Thread[]::new);
    for (Thread thread : threads) {
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), ours(), "nothing written before the interval");

    appender.stop();

    List<String> lines = ours();
    assertEquals(6_000, lines.size());
    for (int thread = 0; thread < 2; thread++) {
      String prefix = "test.access t" + thread + " ";
      assertEquals(IntStream.range(0, 3_000).mapToObj(i -> prefix + i).toList(),
          lines.stream().filter(line -> line.startsWith(prefix)).toList(), "each thread's lines whole and in order");
    }
  }

  @Test
  void writesWhatIsQueuedEveryInterval() throws InterruptedException {
    Logger log = start(8_192, 10);
    log.info("first");

    long deadline = System.nanoTime() + 2_000_000_000L;
    while (ours().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of("test.access first"), ours());
  }

  @Test
  void aFullQueueDropsLinesAndSaysHowMany() {
    Logger log = start(10, AN_HOUR);
    for (int i = 0; i < 25; i++) {
      log.info("line {}", i);
    }
    assertEquals(15, appender.droppedCount());

    appender.stop();

    List<String> lines = ours();
    assertEquals(IntStream.range(0, 10).mapToObj(i -> "test.access line " + i).toList(), lines.subList(0, 10));
    assertEquals(List.of("test.access 15 lines dropped: more came than the queue of 10 holds (appender ACCESS)"),
        lines.subList(10, lines.size()));
  }

  @Test
  void withoutAnEncoderItDoesNotStart() {
    appender.setContext(context);
    appender.start();
    assertFalse(appender.isStarted());
  }

  private Logger start(int queueSize, int flushIntervalMillis) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%logger %msg%n");
    encoder.start();
    appender.setContext(context);
    appender.setName("ACCESS");
    appender.setEncoder(encoder);
    appender.setQueueSize(queueSize);
    appender.setFlushIntervalMillis(flushIntervalMillis);
    appender.start();
    Logger log = context.getLogger("test.access");
    log.setAdditive(false);
    log.addAppender(appender);
    return log;
  }

  /** What this test's logger wrote: other tests' leftover threads may print to standard output meanwhile. */
  private List<String> ours() {
    return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("test.access ")).toList();
  }
}
