package io.switchboard.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.ServerVertx;
import io.switchboard.config.ClusterSettings;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two clustered Vert.x instances in this process, with the server's own logging configuration (logback.xml): a
 * member that joins or leaves is one INFO line of the cluster package on the other node, and Hazelcast itself says
 * nothing below WARN.
 */
class MembershipLogTest {

  @RegisterExtension
  final CapturedLogs logged = CapturedLogs.all();

  @Test
  void eachMemberThatJoinsOrLeavesIsOneInfoLineAndHazelcastIsQuiet() throws Exception {
    int firstPort = TestConfig.freePort();
    int secondPort = TestConfig.freePort();
    List<String> members = List.of("127.0.0.1:" + firstPort, "127.0.0.1:" + secondPort);
    Vertx first = ServerVertx.start(new SwitchboardMetrics(), node(firstPort, members)).await(60, TimeUnit.SECONDS);
    try {
      awaitLine(line -> line.startsWith("In the cluster: 1 members [127.0.0.1:" + firstPort));
      Vertx second = ServerVertx.start(new SwitchboardMetrics(), node(secondPort, members))
          .await(60, TimeUnit.SECONDS);
      awaitLine(line -> line.startsWith("Cluster member joined: 127.0.0.1:" + secondPort) && line.contains("2 members"));
      second.close().await(30, TimeUnit.SECONDS);
      awaitLine(line -> line.startsWith("Cluster member left: 127.0.0.1:" + secondPort) && line.contains("1 members"));
    } finally {
      first.close().await(30, TimeUnit.SECONDS);
    }

    assertEquals(List.of(), snapshot().stream().map(ILoggingEvent::getFormattedMessage)
        .filter(line -> line.startsWith("Cluster member joined:") && line.split(";")[0].endsWith("this node)"))
        .toList(), "a node's own arrival is the one line 'In the cluster'");
    List<ILoggingEvent> hazelcast = snapshot().stream()
        .filter(event -> event.getLoggerName().startsWith("com.hazelcast")).toList();
    assertEquals(List.of(), hazelcast.stream().filter(event -> !event.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage).toList(), "Hazelcast below WARN");
  }

  /** Waits up to 30 s for a line of the cluster package at INFO that {@code expected} accepts. */
  private void awaitLine(Predicate<String> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (snapshot().stream()
          .anyMatch(event -> event.getLoggerName().startsWith("io.switchboard.cluster") && event.getLevel() == Level.INFO
              && expected.test(event.getFormattedMessage()))) {
        return;
      }
      Thread.sleep(100);
    }
    fail("no such line of the cluster package in:\n" + String.join("\n", snapshot().stream()
        .filter(event -> event.getLoggerName().startsWith("io.switchboard.cluster"))
        .map(ILoggingEvent::getFormattedMessage).toList()));
  }

  /** What was logged so far: Hazelcast's threads append while this one reads. */
  private List<ILoggingEvent> snapshot() {
    return new ArrayList<>(logged.events()).stream().filter(Objects::nonNull).toList();
  }

  private static ClusterSettings node(int port, List<String> members) {
    return new ClusterSettings(true, "127.0.0.1", port, members, 0,
        "membership-log-test-" + ProcessHandle.current().pid());
  }
}
