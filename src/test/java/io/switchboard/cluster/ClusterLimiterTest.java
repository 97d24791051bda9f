package io.switchboard.cluster;

import io.switchboard.ServerVertx;
import io.switchboard.config.ClusterSettings;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered Vert.x instances in this process, as two nodes on loopback: what one counts, the other sees, and
 * hits racing from both are counted each once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterLimiterTest {

  private final AtomicLong clockMillis = new AtomicLong(1_000_000);
  private Vertx first;
  private Vertx second;

  @BeforeAll
  void startTwoNodes() throws Exception {
    int firstPort = TestConfig.freePort();
    int secondPort = TestConfig.freePort();
    List<String> members = List.of("127.0.0.1:" + firstPort, "127.0.0.1:" + secondPort);
    first = ServerVertx.start(new SwitchboardMetrics(), node(firstPort, members)).await(60, TimeUnit.SECONDS);
    second = ServerVertx.start(new SwitchboardMetrics(), node(secondPort, members)).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stopNodes() throws Exception {
    for (Vertx vertx : new Vertx[] {second, first}) {
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void bothNodesSeeOneClusterWithTwoMembers() {
    JsonObject report = ClusterNode.of(first).orElseThrow().report();

    assertEquals("ACTIVE", report.getString("state"), report.encode());
    assertEquals(2, report.getJsonArray("members").size(), report.encode());
    JsonObject self = report.getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(member -> member.getBoolean("self")).findFirst().orElseThrow();
    assertEquals(report.getString("nodeId"), self.getString("id"), "this node is among the members it lists");
    assertEquals(ClusterNode.of(second).orElseThrow().report().getJsonArray("members").size(), 2);
  }

  @Test
  void hitsRacingFromTwoNodesAreEachCountedOnce() throws Exception {
    ClusterLimiter onFirst = limiter(first, "race", 10);
    ClusterLimiter onSecond = limiter(second, "race", 10);
    List<Future<Long>> hits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hits.add(onFirst.hit("address:203.0.113.1"));
      hits.add(onSecond.hit("address:203.0.113.1"));
    }
    Future.join(hits).await(30, TimeUnit.SECONDS);

    assertEquals(10, hits.stream().filter(hit -> hit.result() == 0).count(), "the limit holds for the cluster");
    assertTrue(onSecond.retryAfter("address:203.0.113.1").await() > 0);
    assertEquals(0, onSecond.retryAfter("address:203.0.113.2").await(), "another key is not counted");
  }

  @Test
  void aLockOutOnOneNodeHoldsOnTheOtherUntilItsWindowEndsOrItIsReset() {
    ClusterLimiter onFirst = limiter(first, "lockout", 2);
    ClusterLimiter onSecond = limiter(second, "lockout", 2);
    onFirst.hit("number:+815031234567").await();
    onFirst.hit("number:+815031234567").await();

    assertEquals(60, onSecond.retryAfter("number:+815031234567").await());
    clockMillis.addAndGet(15_000);
    assertEquals(45, onSecond.retryAfter("number:+815031234567").await());
    onSecond.reset("number:+815031234567").await();
    assertEquals(0, onFirst.retryAfter("number:+815031234567").await());
  }

  private ClusterLimiter limiter(Vertx vertx, String name, int limit) {
    return new ClusterLimiter(vertx, ClusterNode.of(vertx).orElseThrow(), name, limit, 60, clockMillis::get);
  }

  private static ClusterSettings node(int port, List<String> members) {
    return new ClusterSettings(true, "127.0.0.1", port, members, 0, "limiter-test-" + ProcessHandle.current().pid());
  }
}
