package io.switchboard.ops;

import io.switchboard.http.ApiPaths;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ManagementPortTest {

  @Test
  void readinessTurnsDownAsSoonAsTheServerStartsStopping(Vertx vertx, VertxTestContext ctx) {
    int managementPort = TestConfig.freePort();
    JsonObject config = TestConfig.json(TestConfig.freePort())
        .put("management", new JsonObject().put("port", managementPort));
    WebClient management = WebClient.create(vertx);
    TestServer.start(vertx, config)
        .compose(server -> server.switchboard().drain())
        .compose(drained -> management.get(managementPort, "127.0.0.1", "/health").send())
        .onComplete(ctx.succeeding(health -> ctx.verify(() -> {
          assertEquals(503, health.statusCode());
          assertEquals("DOWN", health.bodyAsJsonObject().getString("status"));
          assertEquals("STOPPING", health.bodyAsJsonObject().getJsonObject("checks").getString("verticles"));
          ctx.completeNow();
        })));
  }

  @Test
  void healthAndMetricsMoveToTheManagementPortAndLeaveThePublicOne(Vertx vertx, VertxTestContext ctx) {
    int managementPort = TestConfig.freePort();
    JsonObject config = TestConfig.json(TestConfig.freePort())
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", managementPort));
    WebClient management = WebClient.create(vertx);
    TestServer.start(vertx, config)
        .compose(server -> server.client().get("/health").send()
            .compose(publicHealth -> {
              ctx.verify(() -> assertEquals(404, publicHealth.statusCode()));
              return server.client().get("/metrics").send();
            })
            .compose(publicMetrics -> {
              ctx.verify(() -> assertEquals(404, publicMetrics.statusCode()));
              return server.post(ApiPaths.CAPABILITY_TOKEN)
                  .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER));
            })
            .compose(token -> management.get(managementPort, "127.0.0.1", "/health").send()))
        .compose(health -> {
          ctx.verify(() -> {
            assertEquals(200, health.statusCode());
            assertEquals("UP", health.bodyAsJsonObject().getString("status"));
          });
          return management.get(managementPort, "127.0.0.1", "/metrics").send();
        })
        .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
          assertEquals(200, metrics.statusCode());
          assertTrue(metrics.bodyAsString().contains("switchboard_tokens_total{outcome=\"issued\"} 1.0"),
              metrics.bodyAsString());
          ctx.completeNow();
        })));
  }
}
