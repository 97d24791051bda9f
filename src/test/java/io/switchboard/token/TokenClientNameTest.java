package io.switchboard.token;

import io.switchboard.security.SecretHash;
import io.switchboard.support.Jwts;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A number that rings several clients: the token request names which, and the token is that client's. */
@ExtendWith(VertxExtension.class)
class TokenClientNameTest {

  private static final String GROUP = "+815031230001";
  private static final String GUARDED_GROUP = "+815031230002";
  private static final String SECRET = "correct horse battery staple";

  private static TestServer server;

  @BeforeAll
  static void deploy(Vertx vertx) {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").getJsonArray("entries")
        .add(new JsonObject().put("phoneNumber", GROUP)
            .put("clients", new JsonArray().add("alice-laptop").add("alice-phone")))
        .add(new JsonObject().put("phoneNumber", GUARDED_GROUP)
            .put("clients", new JsonArray().add("support-1").add("support-2"))
            .put("secretHash", SecretHash.of(SECRET.toCharArray()).encoded()));
    server = TestServer.start(vertx, json).await();
  }

  @Test
  void theClientNamedGetsTokensWithItsIdentity() {
    HttpResponse<Buffer> response = request(new JsonObject().put("twilioPhoneNumber", GROUP)
        .put("clientName", "alice-phone"));

    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("alice-phone", body.getString("identity"));
    assertEquals("alice-phone", Jwts.verify(body.getString("accessToken"), TestConfig.API_KEY_SECRET).claims()
        .getJsonObject("grants").getString("identity"));
    assertEquals("scope:client:incoming?clientName=alice-phone scope:client:outgoing?appSid="
        + TestConfig.TWIML_APP_SID, Jwts.verify(body.getString("capabilityToken"), TestConfig.AUTH_TOKEN).claims()
        .getString("scope"));
  }

  @Test
  void aNumberThatRingsSeveralClientsNeedsOneNamed() {
    assertRefused(request(new JsonObject().put("twilioPhoneNumber", GROUP)),
        "this number rings several clients: name one in clientName");
  }

  @Test
  void aClientOfAnotherNumberIsRefused() {
    assertRefused(request(new JsonObject().put("twilioPhoneNumber", GROUP).put("clientName", TestConfig.CLIENT)),
        "clientName is not a client of this number");
  }

  @Test
  void aClientNameThatIsNoStringIsRefused() {
    assertRefused(request(new JsonObject().put("twilioPhoneNumber", GROUP).put("clientName", 7)),
        "clientName must be a string");
  }

  @Test
  void aOneClientNumberTakesItsOwnNameAndNoOther() {
    assertEquals(TestConfig.CLIENT, request(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)
        .put("clientName", TestConfig.CLIENT)).bodyAsJsonObject().getString("identity"));
    assertRefused(request(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)
        .put("clientName", TestConfig.OTHER_CLIENT)), "clientName is not a client of this number");
  }

  /** Which clients a number rings is told only to a caller who has its secret. */
  @Test
  void theClientIsCheckedOnlyAfterTheSecret() {
    HttpResponse<Buffer> noSecret = request(new JsonObject().put("twilioPhoneNumber", GUARDED_GROUP)
        .put("clientName", "nobody"));
    assertEquals(401, noSecret.statusCode());

    assertEquals("support-2", request(new JsonObject().put("twilioPhoneNumber", GUARDED_GROUP)
        .put("secret", SECRET).put("clientName", "support-2")).bodyAsJsonObject().getString("identity"));
  }

  private static void assertRefused(HttpResponse<Buffer> response, String error) {
    assertEquals(400, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(false, body.getBoolean("success"));
    assertNull(body.getValue("capabilityToken"));
    assertEquals(error, body.getString("error"));
  }

  private static HttpResponse<Buffer> request(JsonObject body) {
    return server.post(CAPABILITY_TOKEN).sendJsonObject(body).await();
  }
}
