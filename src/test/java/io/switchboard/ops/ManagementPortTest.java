package io.switchboard.ops;

import io.switchboard.http.ApiPaths;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ManagementPortTest {

  @Test
  void readinessTurnsDownAsSoonAsTheServerStartsStopping(Vertx vertx) {
    int managementPort = TestConfig.freePort();
    JsonObject config = TestConfig.json(TestConfig.freePort())
        .put("management", new JsonObject().put("port", managementPort));
    WebClient management = WebClient.create(vertx);
    TestServer server = TestServer.start(vertx, config).await();

    server.switchboard().drain().await();
    HttpResponse<Buffer> health = management.get(managementPort, "127.0.0.1", "/health").send().await();

    assertEquals(503, health.statusCode());
    assertEquals("DOWN", health.bodyAsJsonObject().getString("status"));
    assertEquals("STOPPING", health.bodyAsJsonObject().getJsonObject("checks").getString("verticles"));
  }

  @Test
  void healthAndMetricsMoveToTheManagementPortAndLeaveThePublicOne(Vertx vertx) {
    int managementPort = TestConfig.freePort();
    JsonObject config = TestConfig.json(TestConfig.freePort())
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", managementPort));
    WebClient management = WebClient.create(vertx);
    TestServer server = TestServer.start(vertx, config).await();

    assertEquals(404, server.client().get("/health").send().await().statusCode());
    assertEquals(404, server.client().get("/metrics").send().await().statusCode());

    server.post(ApiPaths.CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await();
    HttpResponse<Buffer> health = management.get(managementPort, "127.0.0.1", "/health").send().await();
    assertEquals(200, health.statusCode());
    assertEquals("UP", health.bodyAsJsonObject().getString("status"));

    HttpResponse<Buffer> metrics = management.get(managementPort, "127.0.0.1", "/metrics").send().await();
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.bodyAsString().contains("switchboard_tokens_total{outcome=\"issued\"} 1.0"),
        metrics.bodyAsString());
  }
}
