package io.switchboard.security;

import io.switchboard.support.RawHttp;
import io.switchboard.support.RunningServerTest;
import io.switchboard.support.TestConfig;
import io.switchboard.support.Twiml;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile or broken client sends, answered with a short clear error and nothing more. */
class HostileInputTest extends RunningServerTest {

  @Test
  void invalidUtf8IsABadRequest() {
    Buffer body = Buffer.buffer("{\"twilioPhoneNumber\": \"+8150").appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28})
        .appendString("\"}");
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN).putHeader("Content-Type", "application/json")
        .sendBuffer(body).await();

    assertEquals(400, response.statusCode());
    assertEquals("the body is not valid JSON", response.bodyAsJsonObject().getString("error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonp"})
  void unknownContentTypeIsABadRequest(String contentType) {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN).putHeader("Content-Type", contentType)
        .sendBuffer(Buffer.buffer("{\"twilioPhoneNumber\": \"+815031234567\"}")).await();

    assertEquals(400, response.statusCode());
    assertEquals("Content-Type must be application/json", response.bodyAsJsonObject().getString("error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH", "GET"})
  void otherMethodsOnTheApisAreNotAllowed(String method) {
    HttpResponse<Buffer> response = server.client().request(HttpMethod.valueOf(method), CALL_OUTGOING).send().await();

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.getHeader("Allow"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/twilio/retrieve_twiml/call_forwarded", "/twilio", "/admin", "/twilio/retrieve_capability_token/x"})
  void unknownPathIsNotFoundWhateverTheMethod(String path) {
    HttpResponse<Buffer> response = server.post(path).sendJsonObject(new JsonObject()).await();

    assertEquals(404, response.statusCode());
    assertEquals("not found", response.bodyAsJsonObject().getString("error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"To", "From", "callerPhoneNumber", "callOutgoingPhoneNumber", "CallSid", "Caller"})
  void injectionInAnyWebhookFieldNeverDialsWhatWasSmuggledIn(String field) {
    String smuggled = "+819000000000</Number><Number>+819011111111</Number>\"' ]]><!-- \u0001\u001b " + "9".repeat(3000);
    MultiMap call = MultiMap.caseInsensitiveMultiMap()
        .add("From", "client:" + TestConfig.CLIENT).add("To", "+819059876543").set(field, smuggled);
    assertOnlyLegitimateDials(server.postSignedWebhook(CALL_OUTGOING, call).await());

    assertOnlyLegitimateDials(server.postSignedWebhook(CALL_INCOMING, MultiMap.caseInsensitiveMultiMap()
        .add("To", TestConfig.TWILIO_NUMBER).add("From", "+819059876543").set(field, smuggled)).await());
  }

  @Test
  void veryLongWebhookValuesGetASpokenError() {
    MultiMap call = MultiMap.caseInsensitiveMultiMap().add("To", "+81" + "5".repeat(10_000));
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, call).await();

    assertEquals(200, response.statusCode());
    assertEquals(List.of("Say", "Hangup"), Twiml.parse(response.bodyAsString()).verbs());
    assertTrue(response.bodyAsString().length() < 500, "the long value is not echoed");
  }

  @Test
  void webhookBodiesPastTheLimitAreRefusedUnread() {
    MultiMap call = MultiMap.caseInsensitiveMultiMap().add("To", TestConfig.TWILIO_NUMBER).add("Padding", "x".repeat(20_000));
    HttpResponse<Buffer> response = server.postSignedWebhook(CALL_INCOMING, call).await();

    assertEquals(413, response.statusCode());
    assertNotNull(response.bodyAsJsonObject().getString("error"));
  }

  /** Without a Content-Length, the limit is counted as the body arrives. */
  @Test
  void chunkedWebhookBodiesPastTheLimitAreRefused() throws Exception {
    String chunk = "Padding=" + "x".repeat(8_000) + "&";
    String chunked = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(3) + "0\r\n\r\n";
    String response = RawHttp.exchange(server.port(), "POST " + CALL_INCOMING + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + chunked);
    assertEquals(413, RawHttp.status(response), response);
  }

  @ParameterizedTest
  @ValueSource(strings = {"To=%zz", "To=%", "To=%E3%81", "=%2B815031234567"})
  void brokenUrlEncodingNeverDials(String body) {
    HttpResponse<Buffer> response = server.post(CALL_INCOMING)
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("X-Twilio-Signature", "not-checked-before-the-form-is-read").sendBuffer(Buffer.buffer(body))
        .await();

    assertTrue(List.of(400, 403).contains(response.statusCode()), response.statusCode() + " for " + body);
    assertFalse(response.bodyAsString().contains("<Dial"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../conf/config.json", "/%2e%2e/conf/config.json", "/%2E%2E/conf/config.json",
      "/..%2fconf%2fconfig.json", "/%2e%2e%2fconf%2fconfig.json", "/..\\conf\\config.json",
      "/..%5cconf%5cconfig.json", "/webroot/../conf/config.json", "/./../../conf/config.json",
      "/%252e%252e/conf/config.json", "//conf/config.json", "/conf/config.json", "/../pom.xml", "/..%00/pom.xml"})
  void nothingOutsideTheWebrootIsServed(String rawPath) throws Exception {
    String response = RawHttp.get(server.port(), rawPath);
    int status = RawHttp.status(response);
    assertTrue(status == 404 || status == 400, rawPath + " answered " + status);
    assertFalse(response.contains("authToken"), rawPath + " leaked the configuration");
    assertFalse(response.contains("<artifactId>"), rawPath + " leaked the build file");
  }

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    String response = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "x".repeat(10_000));
    assertEquals(431, RawHttp.status(response), response);
  }

  @Test
  void thePageCarriesSecurityHeaders() {
    HttpResponse<Buffer> page = server.client().get("/").send().await();

    assertEquals(200, page.statusCode());
    String csp = page.getHeader("Content-Security-Policy");
    assertNotNull(csp);
    assertTrue(csp.contains("default-src 'self'"), csp);
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertTrue(csp.contains("connect-src 'self' https://*.twilio.com wss://*.twilio.com"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
    assertEquals("no-referrer", page.getHeader("Referrer-Policy"));
  }

  @Test
  void theApisAreNeverCachedAndTheirAnswersAllowNothing() {
    var token = server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER));
    var twiml = server.postSignedWebhook(CALL_INCOMING, MultiMap.caseInsensitiveMultiMap()
        .add("To", TestConfig.TWILIO_NUMBER).add("From", "+819059876543"));
    var refused = server.client().request(HttpMethod.GET, CAPABILITY_TOKEN).send();
    var page = server.client().get("/").send();
    Future.all(token, twiml, refused, page).await();

    assertEquals(List.of(200, 200, 405), List.of(token.result().statusCode(), twiml.result().statusCode(),
        refused.result().statusCode()));
    for (HttpResponse<Buffer> api : List.of(token.result(), twiml.result(), refused.result())) {
      assertEquals("no-store", api.getHeader("Cache-Control"));
      assertEquals("default-src 'none'; frame-ancestors 'none'", api.getHeader("Content-Security-Policy"));
      assertEquals("nosniff", api.getHeader("X-Content-Type-Options"));
    }
    assertTrue(page.result().getHeader("Content-Security-Policy").contains("script-src 'self'"));
  }

  @Test
  void errorsCarryNoStackTraceNorClassName() {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"twilioPhoneNumber\": [1, {\"a\": ")).await();

    assertEquals(400, response.statusCode());
    String body = response.bodyAsString();
    assertFalse(body.contains("Exception"), body);
    assertFalse(body.contains("io.vertx") || body.contains("io.switchboard") || body.contains("com.fasterxml"), body);
    assertFalse(body.contains("\tat "), body);
  }

  /** A {@code <Dial>}, if any, targets the directory's clients or a valid E.164 number, never the smuggled ones. */
  static void assertOnlyLegitimateDials(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    Twiml twiml = Twiml.parse(response.bodyAsString());
    if (twiml.verbs().contains("Dial")) {
      for (String target : twiml.dialed()) {
        assertTrue(target.equals("Client:" + TestConfig.CLIENT) || target.equals("Client:" + TestConfig.OTHER_CLIENT)
            || target.matches("Number:\\+[1-9][0-9]{6,14}"), target);
        assertFalse(target.contains("819000000000") || target.contains("819011111111"), target);
      }
    }
  }
}
