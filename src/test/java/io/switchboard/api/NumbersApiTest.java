package io.switchboard.api;

import io.switchboard.support.RunningServerTest;
import io.switchboard.support.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /api/numbers} on the running server, with access tokens from the real token API. */
class NumbersApiTest extends RunningServerTest {

  @Test
  void eachClientGetsItsOwnNumbersInE164AndNoOneElses() {
    String token = server.accessToken(TestConfig.TWILIO_NUMBER).await();
    String otherToken = server.accessToken(TestConfig.OTHER_TWILIO_NUMBER).await();

    assertEquals(new JsonObject().put("client", TestConfig.CLIENT)
        .put("numbers", new JsonArray().add(TestConfig.TWILIO_NUMBER)), ok(get(token)));
    assertEquals(new JsonObject().put("client", TestConfig.OTHER_CLIENT)
        .put("numbers", new JsonArray().add(TestConfig.OTHER_TWILIO_NUMBER)), ok(get(otherToken)));
  }

  @Test
  void withoutATokenOrWithAnotherMethodTheNumbersAreRefused() {
    HttpResponse<Buffer> none = server.client().get(NumbersApi.NUMBERS).send().await();
    HttpResponse<Buffer> posted = server.client().post(NumbersApi.NUMBERS)
        .putHeader("Authorization", "Bearer " + server.accessToken(TestConfig.TWILIO_NUMBER).await()).send().await();

    assertEquals(401, none.statusCode());
    assertEquals("no-store", none.getHeader("Cache-Control"));
    assertEquals(405, posted.statusCode());
  }

  private static HttpResponse<Buffer> get(String token) {
    return server.client().get(NumbersApi.NUMBERS).putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("no-store", response.getHeader("Cache-Control"));
    return response.bodyAsJsonObject();
  }
}
