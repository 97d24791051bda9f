package io.switchboard.token;

import io.switchboard.support.Jwts;
import io.switchboard.support.Jwts.Jwt;
import io.switchboard.support.TestConfig;
import io.switchboard.support.RunningServerTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenApiTest extends RunningServerTest {

  @Test
  void walkthroughRequestGetsAVerifiableCapabilityToken() {
    long before = System.currentTimeMillis() / 1000;
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"twilioPhoneNumber\": \"+81-50-3123-4567\"}")).await();

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("application/json"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(true, body.getBoolean("success"));

    Jwt capability = Jwts.verify(body.getString("capabilityToken"), TestConfig.AUTH_TOKEN);
    assertEquals("HS256", capability.header().getString("alg"));
    assertEquals(TestConfig.ACCOUNT_SID, capability.claims().getString("iss"));
    assertEquals("scope:client:incoming?clientName=DeviceId_0001 scope:client:outgoing?appSid="
        + TestConfig.TWIML_APP_SID, capability.claims().getString("scope"));
    long exp = capability.claims().getLong("exp");
    assertTrue(exp >= before + 3600 && exp <= before + 3602, "exp " + exp + " is one hour from now");
  }

  @Test
  void answerCarriesAnAccessTokenWithAVoiceGrantForTheVoiceSdk() {
    long before = System.currentTimeMillis() / 1000;
    JsonObject body = requestToken(new JsonObject().put("twilioPhoneNumber", "+815031234567"));

    Jwt access = Jwts.verify(body.getString("accessToken"), TestConfig.API_KEY_SECRET);
    assertEquals("twilio-fpa;v=1", access.header().getString("cty"));
    assertEquals("HS256", access.header().getString("alg"));
    assertEquals(TestConfig.API_KEY_SID, access.claims().getString("iss"));
    assertEquals(TestConfig.ACCOUNT_SID, access.claims().getString("sub"));
    JsonObject grants = access.claims().getJsonObject("grants");
    assertEquals(TestConfig.CLIENT, grants.getString("identity"));
    JsonObject voice = grants.getJsonObject("voice");
    assertEquals(true, voice.getJsonObject("incoming").getBoolean("allow"));
    assertEquals(TestConfig.TWIML_APP_SID, voice.getJsonObject("outgoing").getString("application_sid"));
    long exp = access.claims().getLong("exp");
    assertTrue(exp >= before + 3600 && exp <= before + 3602);

    assertEquals(TestConfig.CLIENT, body.getString("identity"));
    assertEquals(3600, body.getInteger("ttlSeconds"));
    assertTrue(Math.abs(body.getLong("expiresAt") - exp) <= 1, "expiresAt matches the token's exp");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+81-50-3123-4567", "+815031234567", "050-3123-4567", "05031234567", "+81 50 3123 4567"})
  void numberIsMatchedInAnyFormat(String number) {
    JsonObject body = requestToken(new JsonObject().put("twilioPhoneNumber", number));

    assertEquals(true, body.getBoolean("success"));
    assertEquals(TestConfig.CLIENT, body.getString("identity"));
    Jwt capability = Jwts.verify(body.getString("capabilityToken"), TestConfig.AUTH_TOKEN);
    assertTrue(capability.claims().getString("scope").contains("clientName=DeviceId_0001"));
  }

  @Test
  void eachNumberGetsItsOwnClient() {
    JsonObject body = requestToken(new JsonObject().put("twilioPhoneNumber", "050-3123-9999"));

    assertEquals(TestConfig.OTHER_CLIENT, body.getString("identity"));
    Jwt access = Jwts.verify(body.getString("accessToken"), TestConfig.API_KEY_SECRET);
    assertEquals(TestConfig.OTHER_CLIENT, access.claims().getJsonObject("grants").getString("identity"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+81-50-1234-9876", "+14155550100", "not a number", "0"})
  void unregisteredNumberIsRefusedAsTheWalkthroughDoes(String number) {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", number)).await();

    assertEquals(200, response.statusCode());
    assertEquals(new JsonObject().putNull("capabilityToken").put("success", false), response.bodyAsJsonObject());
  }

  @Test
  void missingNumberIsABadRequest() {
    expectBadRequest(Buffer.buffer("{}"), "application/json", "twilioPhoneNumber must be a non-empty string");
  }

  @Test
  void numberOfTheWrongTypeIsABadRequest() {
    expectBadRequest(Buffer.buffer("{\"twilioPhoneNumber\": 815031234567}"), "application/json",
        "twilioPhoneNumber must be a non-empty string");
  }

  @Test
  void malformedJsonIsABadRequest() {
    expectBadRequest(Buffer.buffer("{\"twilioPhoneNumber\": "), "application/json", "the body is not valid JSON");
  }

  @Test
  void jsonArrayIsABadRequest() {
    expectBadRequest(Buffer.buffer("[\"+815031234567\"]"), "application/json", "the body must be a JSON object");
  }

  @Test
  void emptyBodyIsABadRequest() {
    expectBadRequest(Buffer.buffer(), "application/json", "the body is empty");
  }

  @Test
  void formBodyIsABadRequest() {
    expectBadRequest(Buffer.buffer("twilioPhoneNumber=%2B815031234567"), "application/x-www-form-urlencoded",
        "Content-Type must be application/json");
  }

  @Test
  void getIsNotAllowed() {
    HttpResponse<Buffer> response = server.client().get(CAPABILITY_TOKEN).send().await();

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.getHeader("Allow"));
    assertFalse(response.bodyAsJsonObject().getBoolean("success"));
  }

  @Test
  void bodyOverTheLimitIsRefused() {
    String padding = "x".repeat(20_000);
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", "+815031234567").put("padding", padding)).await();

    assertEquals(413, response.statusCode());
  }

  private void expectBadRequest(Buffer body, String contentType, String error) {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN)
        .putHeader("Content-Type", contentType)
        .sendBuffer(body).await();

    assertEquals(400, response.statusCode());
    JsonObject answer = response.bodyAsJsonObject();
    assertNull(answer.getValue("capabilityToken"));
    assertEquals(false, answer.getBoolean("success"));
    assertEquals(error, answer.getString("error"));
  }

  private JsonObject requestToken(JsonObject request) {
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN).sendJsonObject(request).await();
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
