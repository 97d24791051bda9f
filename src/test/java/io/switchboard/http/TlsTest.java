package io.switchboard.http;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(VertxExtension.class)
class TlsTest {

  @Test
  void servesHttpsAndHttp2WithThePemFilesOfTheConfiguration(Vertx vertx) {
    int port = TestConfig.freePort();
    JsonObject config = TestConfig.jsonWithTls(port);
    WebClient http2 = WebClient.create(vertx, new WebClientOptions()
        .setSsl(true)
        .setTrustAll(true)
        .setVerifyHost(false)
        .setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2));
    TestServer.start(vertx, config).await();

    HttpResponse<Buffer> response = http2.post(port, "127.0.0.1", CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await();

    assertEquals(HttpVersion.HTTP_2, response.version());
    assertEquals(200, response.statusCode());
    assertEquals(true, response.bodyAsJsonObject().getBoolean("success"));
  }

  @Test
  void plainHttpIsNotAnsweredOnTheTlsPort(Vertx vertx) {
    int port = TestConfig.freePort();
    JsonObject config = TestConfig.jsonWithTls(port);
    TestServer.start(vertx, config).await();

    WebClient plain = WebClient.create(vertx);
    assertThrows(Throwable.class, () -> plain.get(port, "127.0.0.1", "/health").send().await());
  }
}
