package io.switchboard.http;

import io.switchboard.support.TestConfig;
import io.switchboard.support.RunningServerTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsTest extends RunningServerTest {

  private static final JsonObject TOKEN_REQUEST = new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER);

  @Test
  void preflightFromAnAllowedOriginIsAnswered() {
    HttpResponse<Buffer> response = server.client().request(HttpMethod.OPTIONS, CAPABILITY_TOKEN)
        .putHeader("Origin", TestConfig.ALLOWED_ORIGIN)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type")
        .send().await();

    assertEquals(204, response.statusCode());
    assertEquals(TestConfig.ALLOWED_ORIGIN, response.getHeader("Access-Control-Allow-Origin"));
    assertTrue(response.getHeader("Access-Control-Allow-Methods").contains("POST"));
    assertTrue(response.getHeader("Access-Control-Allow-Headers").toLowerCase().contains("content-type"));
  }

  @Test
  void requestFromAnAllowedOriginGetsItsTokenAndTheCorsHeader() {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .putHeader("Origin", TestConfig.ALLOWED_ORIGIN)
        .sendJsonObject(TOKEN_REQUEST).await();

    assertEquals(200, response.statusCode());
    assertEquals(TestConfig.ALLOWED_ORIGIN, response.getHeader("Access-Control-Allow-Origin"));
    assertEquals(true, response.bodyAsJsonObject().getBoolean("success"));
  }

  @Test
  void preflightFromAnotherOriginIsRefused() {
    HttpResponse<Buffer> response = server.client().request(HttpMethod.OPTIONS, CAPABILITY_TOKEN)
        .putHeader("Origin", "https://evil.example.net")
        .putHeader("Access-Control-Request-Method", "POST")
        .send().await();

    assertEquals(403, response.statusCode());
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void requestFromAnotherOriginIsRefusedWithoutAToken() {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .putHeader("Origin", "https://evil.example.net")
        .sendJsonObject(TOKEN_REQUEST).await();

    assertEquals(403, response.statusCode());
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("origin not allowed", body.getString("error"));
    assertNull(body.getValue("capabilityToken"));
  }

  @Test
  void originThatOnlyStartsLikeAnAllowedOneIsRefused() {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .putHeader("Origin", TestConfig.ALLOWED_ORIGIN + ".evil.example.net")
        .sendJsonObject(TOKEN_REQUEST).await();

    assertEquals(403, response.statusCode());
  }

  @Test
  void requestWithoutOriginIsUnaffected() {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .sendJsonObject(TOKEN_REQUEST).await();

    assertEquals(200, response.statusCode());
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void theServersOwnPageIsAlwaysAllowed() {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .putHeader("Origin", "http://127.0.0.1:" + server.port())
        .sendJsonObject(TOKEN_REQUEST).await();

    assertEquals(200, response.statusCode());
    assertEquals(true, response.bodyAsJsonObject().getBoolean("success"));
  }
}
