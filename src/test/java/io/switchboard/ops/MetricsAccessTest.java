package io.switchboard.ops;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} on the public port answers this machine only, unless {@code http.metricsAccess} is "public";
 * {@code /health} answers everyone. The test client connects from 127.0.0.1, so a request from elsewhere is
 * either one a local proxy relayed (its headers say so) or one from this machine's own non-loopback address.
 */
class MetricsAccessTest {

  private static final String ELSEWHERE = "203.0.113.7";
  private static final String REFUSAL = "metrics are served to this machine only (http.metricsAccess)";

  /** One Vert.x per server, as in production: each registers its own event-bus codecs. */
  private static final List<Vertx> VERTXES = new ArrayList<>();
  /** Default settings: loopback only, and no proxy header configured. */
  private static TestServer direct;
  /** Behind a proxy that appends the client's address to X-Forwarded-For. */
  private static TestServer proxied;
  private static TestServer open;

  @BeforeAll
  static void start() {
    direct = serve(TestConfig.json(TestConfig.freePort()));
    JsonObject proxiedConfig = TestConfig.json(TestConfig.freePort());
    proxiedConfig.getJsonObject("http").put("clientAddressHeader", "X-Forwarded-For");
    proxied = serve(proxiedConfig);
    JsonObject openConfig = TestConfig.json(TestConfig.freePort());
    openConfig.getJsonObject("http").put("metricsAccess", "public");
    open = serve(openConfig);
  }

  @AfterAll
  static void close() throws Exception {
    for (Vertx vertx : VERTXES) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static TestServer serve(JsonObject config) {
    Vertx vertx = Vertx.vertx();
    VERTXES.add(vertx);
    return TestServer.start(vertx, config).await();
  }

  @Test
  void thisMachineReadsTheMetrics() {
    assertScraped(direct.client().get(OpsRoutes.METRICS).send().await());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "X-Forwarded-For | " + ELSEWHERE,
      "X-Forwarded-For | 127.0.0.1",
      "Forwarded       | for=" + ELSEWHERE,
      "X-Real-IP       | " + ELSEWHERE})
  void aRequestALocalProxyRelayedIsRefusedWhenTheProxyHeaderIsNotConfigured(String header, String value) {
    HttpResponse<Buffer> metrics = direct.client().get(OpsRoutes.METRICS).putHeader(header, value).send().await();
    assertRefused(metrics);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ELSEWHERE + "                | 403",
      "127.0.0.1, " + ELSEWHERE + " | 403", // the client wrote the first entry, the proxy appended the last
      "localhost                    | 403", // names are not resolved
      "127.0.0.1:8080               | 403",
      "not an address               | 403",
      "127.0.0.1                    | 200",
      ELSEWHERE + ", 127.0.0.1      | 200",
      "::1                          | 200",
      "::ffff:127.0.0.1             | 200"})
  void behindAProxyTheAddressItAppendedDecides(String forwardedFor, int status) {
    HttpResponse<Buffer> metrics = proxied.client().get(OpsRoutes.METRICS)
        .putHeader("X-Forwarded-For", forwardedFor).send().await();
    if (status == 403) {
      assertRefused(metrics);
    } else {
      assertScraped(metrics);
    }
  }

  @Test
  void behindAProxyALocalScraperMayStillGoDirect() {
    assertScraped(proxied.client().get(OpsRoutes.METRICS).send().await());
  }

  @ParameterizedTest
  @ValueSource(strings = {OpsRoutes.HEALTH, OpsRoutes.HEALTH_LIVE, OpsRoutes.HEALTH_READY})
  void healthAnswersEveryone(String path) {
    for (TestServer server : new TestServer[] {direct, proxied}) {
      HttpResponse<Buffer> health = server.client().get(path).putHeader("X-Forwarded-For", ELSEWHERE).send().await();
      assertEquals(200, health.statusCode(), path);
      assertEquals("UP", health.bodyAsJsonObject().getString("status"));
    }
  }

  @Test
  void publicMetricsAnswerEveryone() {
    assertScraped(open.client().get(OpsRoutes.METRICS).putHeader("X-Forwarded-For", ELSEWHERE).send().await());
  }

  /** Prometheus's text format: the scraping handler answered. */
  private static void assertScraped(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("text/plain"), response.getHeader("Content-Type"));
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertEquals(403, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals(new JsonObject().put("error", REFUSAL), response.bodyAsJsonObject());
  }
}
