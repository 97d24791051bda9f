package io.switchboard.ops;

import io.switchboard.ServerVertx;
import io.switchboard.config.ConfigLoader;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health and Prometheus metrics on the main port, from a Vert.x instance built as Main builds it. */
@ExtendWith(VertxExtension.class)
class HealthAndMetricsTest {

  private static final SwitchboardMetrics METRICS = new SwitchboardMetrics();
  private static Vertx vertx;
  private static TestServer server;

  @BeforeAll
  static void deploy() {
    vertx = ServerVertx.create(METRICS);
    server = TestServer.deploy(vertx, ConfigLoader.parse(TestConfig.json(TestConfig.freePort()), Map.of()),
        Optional.empty(), METRICS).await();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void healthSaysUpWithItsChecks() {
    HttpResponse<Buffer> response = server.client().get("/health").send().await();

    assertEquals(200, response.statusCode());
    JsonObject health = response.bodyAsJsonObject();
    assertEquals("UP", health.getString("status"));
    assertEquals("UP", health.getJsonObject("checks").getString("config"));
    assertEquals("UP", health.getJsonObject("checks").getString("verticles"));
    assertEquals(2, health.getJsonObject("checks").getInteger("directoryEntries"));
    assertEquals(new JsonObject().put("status", "UP"), health.getJsonObject("checks").getJsonObject("storage"));
  }

  @Test
  void livenessAndReadinessHaveTheirOwnPaths() {
    WebClient client = server.client();

    HttpResponse<Buffer> live = client.get("/health/live").send().await();
    assertEquals(new JsonObject().put("status", "UP"), live.bodyAsJsonObject());

    HttpResponse<Buffer> ready = client.get("/health/ready").send().await();
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getString("status"));
  }

  @Test
  void metricsCountOurOutcomesBesideVertxAndJvmMeters() {
    WebClient client = server.client();
    client.post(CAPABILITY_TOKEN).sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER))
        .await();
    client.post(CAPABILITY_TOKEN).sendJsonObject(new JsonObject().put("twilioPhoneNumber", "+815011112222")).await();
    server.postSignedWebhook(CALL_INCOMING, MultiMap.caseInsensitiveMultiMap().add("To", TestConfig.TWILIO_NUMBER))
        .await();
    client.post(CALL_INCOMING).sendForm(MultiMap.caseInsensitiveMultiMap().add("To", "x")).await();
    client.get("/no-such-page").send().await();

    HttpResponse<Buffer> response = client.get("/metrics").send().await();

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/plain"), response.getHeader("Content-Type"));
    String text = response.bodyAsString();
    assertMetric(text, "switchboard_tokens_total{outcome=\"issued\"}");
    assertMetric(text, "switchboard_tokens_total{outcome=\"unknown_number\"}");
    assertMetric(text, "switchboard_twiml_answers_total{outcome=\"dial_client\",webhook=\"call_incoming\"}");
    assertMetric(text, "switchboard_webhook_signature_refused_total{reason=\"missing\"}");
    assertMetric(text, "switchboard_http_requests_seconds_count{method=\"POST\",route=\"" + CAPABILITY_TOKEN
        + "\",status=\"200\"}");
    assertMetric(text, "switchboard_http_requests_seconds_count{method=\"POST\",route=\"" + CALL_INCOMING
        + "\",status=\"403\"}");
    assertMetric(text, "switchboard_http_requests_seconds_count{method=\"GET\",route=\"other\",status=\"404\"}");
    assertTrue(text.lines().noneMatch(line -> line.contains("no-such-page")), "raw paths are no label");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
    assertTrue(text.contains("switchboard_storage_queue "), "the call records' queue");
    assertTrue(text.contains("vertx_pool_in_use{pool_name=\"storage\",pool_type=\"sql\"}"),
        "Vert.x's meters of the database pool");
  }

  @Test
  void methodsAClientInventsShareOneSeriesInsteadOfGrowingTheRegistry() {
    // A client of its own Vert.x, whose meters stay out of the server's registry.
    Vertx outside = Vertx.vertx();
    try {
      HttpClient client = outside.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(server.port()));
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        answers.add(client.request(new HttpMethod("INVENTED" + i), "/health")
            .compose(request -> request.send())
            .compose(response -> response.end().map(response.statusCode())));
      }
      Future.all(answers).await();
    } finally {
      outside.close().await();
    }

    String scrape = server.client().get("/metrics").send().await().bodyAsString();
    List<String> series = scrape.lines()
        .filter(line -> line.startsWith("switchboard_http_requests_seconds_count{")).toList();
    assertTrue(scrape.lines().noneMatch(line -> line.contains("INVENTED")), "no invented method is a label");
    assertMetric(scrape, "switchboard_http_requests_seconds_count{method=\"other\",route=\"/health\",status=\"404\"}");
    assertTrue(series.size() < 30, series.size() + " series:\n" + String.join("\n", series));
  }

  private static void assertMetric(String scrape, String series) {
    assertTrue(scrape.lines().anyMatch(line -> line.startsWith(series + " ") && !line.endsWith(" 0.0")),
        series + " counted in:\n" + String.join("\n", scrape.lines().filter(line -> line.startsWith("switchboard")).toList()));
  }
}
