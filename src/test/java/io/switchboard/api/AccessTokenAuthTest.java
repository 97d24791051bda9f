package io.switchboard.api;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.support.BareRouter;
import io.switchboard.support.Jwts;
import io.switchboard.support.Jwts.Jwt;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AccessTokenAuth} alone on a bare router that answers with the client it was given. The genuine token comes
 * from the real token API of a running server; every forgery is that token's header and claims, changed and signed
 * again.
 */
class AccessTokenAuthTest {

  private static final SwitchboardConfig CONFIG = ConfigLoader.parse(TestConfig.json(0), Map.of());

  private static Vertx tokenServerVertx;
  private static String issued;
  private static Jwt genuine;
  private static final LiveDirectory directory = new LiveDirectory(CONFIG.directory().entries());
  private static BareRouter router;

  @BeforeAll
  static void issueATokenAndServeTheHandler() {
    tokenServerVertx = Vertx.vertx();
    TestServer tokenServer = TestServer.start(tokenServerVertx).await();
    issued = tokenServer.accessToken(TestConfig.TWILIO_NUMBER).await();
    genuine = Jwts.verify(issued, TestConfig.API_KEY_SECRET);
    router = BareRouter.serve((vertx, r) -> r.route()
        .handler(new AccessTokenAuth(vertx, CONFIG.twilio(), directory))
        .handler(ctx -> ctx.end("client " + AccessTokenAuth.client(ctx))));
  }

  @AfterAll
  static void close() {
    router.close();
    tokenServerVertx.close().await();
  }

  @AfterEach
  void restoreTheDirectory() {
    directory.replace(CONFIG.directory().entries());
  }

  @Test
  void theTokenApisAccessTokenPassesWithItsClient() {
    HttpResponse<Buffer> response = get("Bearer " + issued);

    assertEquals(200, response.statusCode());
    assertEquals("client " + TestConfig.CLIENT, response.bodyAsString());
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    assertEquals(200, get("bearer " + issued).statusCode());
  }

  @Test
  void aTokenWhoseClaimsWereChangedIsRefused() {
    String[] parts = issued.split("\\.");
    String otherClient = Jwts.unsigned(genuine.header(), withIdentity(genuine.claims(), TestConfig.OTHER_CLIENT));
    String tampered = otherClient.substring(0, otherClient.length() - 1) + "." + parts[2];

    assertInvalid(get("Bearer " + tampered));
  }

  @Test
  void anExpiredTokenIsRefused() {
    long past = System.currentTimeMillis() / 1000 - 60;

    assertInvalid(get(resigned(claims -> claims.put("exp", past))));
  }

  @Test
  void aTokenThatNeverExpiresIsRefused() {
    assertInvalid(get(resigned(claims -> {
      claims.remove("exp");
      return claims;
    })));
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String forged = Jwts.sign(genuine.header(), genuine.claims(), "AnotherSecretOf32LettersAndDigits0");

    assertInvalid(get("Bearer " + forged));
  }

  @Test
  void anUnsignedTokenIsRefused() {
    JsonObject none = genuine.header().copy().put("alg", "none");

    assertInvalid(get("Bearer " + Jwts.unsigned(none, genuine.claims())));
    assertInvalid(get("Bearer " + Jwts.unsigned(none, genuine.claims()) + issued.split("\\.")[2]));
  }

  @Test
  void aTokenOfAnotherAlgorithmIsRefusedEvenWithOurSecret() {
    JsonObject hs512 = genuine.header().copy().put("alg", "HS512");

    assertInvalid(get("Bearer " + Jwts.sign(hs512, genuine.claims(), TestConfig.API_KEY_SECRET)));
  }

  @Test
  void aTokenOfAnotherApiKeyOrAccountIsRefused() {
    assertInvalid(get(resigned(claims -> claims.put("iss", "SK00000000000000000000000000000000"))));
    assertInvalid(get(resigned(claims -> claims.put("sub", "AC00000000000000000000000000000000"))));
  }

  @Test
  void aTokenForAClientNotInTheDirectoryIsRefused() {
    assertInvalid(get(resigned(claims -> withIdentity(claims, "DeviceId_9999"))));
    assertInvalid(get(resigned(claims -> {
      claims.remove("grants");
      return claims;
    })));
  }

  @Test
  void aClientRemovedByAReloadLosesItsAccessAtOnce() {
    Directory current = directory.get();
    directory.replace(new Directory(current.phoneNumbers(), List.of(current.byClientName(TestConfig.OTHER_CLIENT).get())));

    assertInvalid(get("Bearer " + issued));
  }

  @Test
  void aRequestWithoutATokenIsAskedForOne() {
    HttpResponse<Buffer> response = router.client().get("/api").send().await();

    assertEquals(401, response.statusCode());
    assertEquals("Bearer", response.getHeader("WWW-Authenticate"));
    assertTrue(response.bodyAsJsonObject().getString("error").contains("Authorization: Bearer"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer not-a-jwt", "Bearer a.b.c", "Bearer ....",
      "Bearer eyJhbGciOiJIUzI1NiJ9.e30", "Token abc"})
  void aGarbledHeaderIsRefused(String authorization) {
    HttpResponse<Buffer> response = get(authorization);

    assertEquals(401, response.statusCode());
    assertTrue(response.getHeader("WWW-Authenticate").startsWith("Bearer"));
  }

  private static HttpResponse<Buffer> get(String authorization) {
    return router.client().get("/api").putHeader("Authorization", authorization).send().await();
  }

  private static void assertInvalid(HttpResponse<Buffer> response) {
    assertEquals(401, response.statusCode());
    assertEquals("Bearer error=\"invalid_token\"", response.getHeader("WWW-Authenticate"));
    assertEquals("the access token is invalid or expired", response.bodyAsJsonObject().getString("error"));
  }

  /** The genuine token with its claims changed, signed again with the right secret. */
  private static String resigned(UnaryOperator<JsonObject> change) {
    return "Bearer " + Jwts.sign(genuine.header(), change.apply(genuine.claims().copy()), TestConfig.API_KEY_SECRET);
  }

  private static JsonObject withIdentity(JsonObject claims, String identity) {
    JsonObject changed = claims.copy();
    changed.getJsonObject("grants").put("identity", identity);
    return changed;
  }
}
