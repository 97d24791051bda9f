package io.switchboard.security;

import io.switchboard.support.Jwts;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entries with a secret: the token needs it, in JSON or HTTP Basic; wrong secrets and unknown numbers are limited
 * per number and per client address; token requests are rate-limited per address. Client addresses are varied
 * through a trusted proxy header, as behind a load balancer.
 */
@ExtendWith(VertxExtension.class)
class TokenAuthenticationTest {

  static final String SECRET = "correct horse battery staple";
  private static final int MAX_FAILED = 3;
  private static final int PER_MINUTE = 20;
  /** Its own entry, so that locking it out leaves the other tests' number alone. */
  private static final String LOCKED_OUT_NUMBER = "+815031237777";

  private static TestServer server;

  /** The documented hash format, computed here with the JDK's PBKDF2 rather than the server's own code. */
  static String hashOf(String secret) throws Exception {
    byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
    int iterations = 100_000;
    byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
    return "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(hash);
  }

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("clientAddressHeader", "X-Forwarded-For");
    config.put("security", new JsonObject()
        .put("maxFailedAttempts", MAX_FAILED).put("lockoutSeconds", 120).put("tokenRequestsPerMinute", PER_MINUTE));
    config.getJsonObject("directory").getJsonArray("entries").getJsonObject(0).put("secretHash", hashOf(SECRET));
    config.getJsonObject("directory").getJsonArray("entries").add(new JsonObject()
        .put("phoneNumber", LOCKED_OUT_NUMBER).put("clientName", "DeviceId_0007").put("secretHash", hashOf(SECRET)));
    server = TestServer.start(vertx, config).await();
  }

  private static HttpRequest<Buffer> tokenRequest(String clientAddress) {
    return server.post(CAPABILITY_TOKEN).putHeader("X-Forwarded-For", "203.0.113.99, " + clientAddress);
  }

  private static HttpResponse<Buffer> withSecret(String clientAddress, String number, String secret) {
    JsonObject body = new JsonObject().put("twilioPhoneNumber", number);
    if (secret != null) {
      body.put("secret", secret);
    }
    return tokenRequest(clientAddress).sendJsonObject(body).await();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rightSecretInJsonGetsTheTokens() {
    HttpResponse<Buffer> response = withSecret("198.51.100.1", "+81-50-3123-4567", SECRET);

    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(true, body.getBoolean("success"));
    Jwts.verify(body.getString("capabilityToken"), TestConfig.AUTH_TOKEN);
  }

  @Test
  void rightSecretInBasicAuthorizationGetsTheTokens() {
    HttpResponse<Buffer> response = tokenRequest("198.51.100.2")
        .putHeader("Authorization", basic("050-3123-4567", SECRET))
        .sendJsonObject(new JsonObject()).await();

    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(TestConfig.CLIENT, response.bodyAsJsonObject().getString("identity"));
  }

  @Test
  void basicUserMustBeTheRequestedNumber() {
    HttpResponse<Buffer> response = tokenRequest("198.51.100.3")
        .putHeader("Authorization", basic(TestConfig.OTHER_TWILIO_NUMBER, SECRET))
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await();

    assertEquals(400, response.statusCode());
    assertEquals("the Basic user must be twilioPhoneNumber", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void basicUserAndBodyNumberMayWriteTheNumberDifferently() {
    HttpResponse<Buffer> response = tokenRequest("198.51.100.8")
        .putHeader("Authorization", basic("050-3123-4567", SECRET))
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", "+81 50 3123 4567")).await();

    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(TestConfig.CLIENT, response.bodyAsJsonObject().getString("identity"));
  }

  /** As in JSON: a Basic user that is no registered number is answered, and counted, as an unknown number. */
  @Test
  void unknownNumberInBasicAuthorizationIsRefusedAsTheWalkthroughDoes() {
    HttpResponse<Buffer> response = tokenRequest("198.51.100.9")
        .putHeader("Authorization", basic("+14155550100", SECRET))
        .sendJsonObject(new JsonObject()).await();

    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(new JsonObject().putNull("capabilityToken").put("success", false), response.bodyAsJsonObject());
  }

  @Test
  void wrongSecretIsUnauthorizedInTheWalkthroughsShape() {
    HttpResponse<Buffer> response = withSecret("198.51.100.4", TestConfig.TWILIO_NUMBER, "Tr0ub4dor&3");

    assertEquals(401, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertNull(body.getValue("capabilityToken"));
    assertEquals(false, body.getBoolean("success"));
    assertEquals("wrong secret", body.getString("error"));
    assertNull(body.getValue("accessToken"));
  }

  @Test
  void missingSecretIsUnauthorized() {
    HttpResponse<Buffer> response = withSecret("198.51.100.5", TestConfig.TWILIO_NUMBER, null);

    assertEquals(401, response.statusCode());
    assertEquals("this number needs its secret", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void secretOfTheWrongTypeIsABadRequest() {
    HttpResponse<Buffer> response = tokenRequest("198.51.100.6")
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER).put("secret", 42)).await();

    assertEquals(400, response.statusCode());
    assertEquals("secret must be a string", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void entryWithoutASecretKeepsTheWalkthroughsBehaviour() {
    HttpResponse<Buffer> response = withSecret("198.51.100.7", TestConfig.OTHER_TWILIO_NUMBER, null);

    assertEquals(200, response.statusCode());
    assertEquals(TestConfig.OTHER_CLIENT, response.bodyAsJsonObject().getString("identity"));
  }

  @Test
  void wrongSecretsLockTheNumberOutForEveryAddressEvenWithTheRightSecret() {
    HttpResponse<Buffer> lastGuess = null;
    for (int i = 0; i < MAX_FAILED; i++) {
      lastGuess = withSecret("192.0.2." + (10 + i), LOCKED_OUT_NUMBER, "guess");
    }
    assertEquals(401, lastGuess.statusCode());

    HttpResponse<Buffer> locked = withSecret("192.0.2.200", LOCKED_OUT_NUMBER, SECRET);

    assertEquals(429, locked.statusCode());
    long retryAfter = Long.parseLong(locked.getHeader("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 120, "Retry-After " + retryAfter);
    assertEquals("too many failed attempts; retry in " + retryAfter + " s",
        locked.bodyAsJsonObject().getString("error"));
    assertNull(locked.bodyAsJsonObject().getValue("capabilityToken"));
  }

  @Test
  void probingUnknownNumbersLocksTheAddressOutButNotOthers() {
    String prober = "192.0.2.77";
    HttpResponse<Buffer> lastProbe = null;
    for (int i = 0; i < MAX_FAILED; i++) {
      lastProbe = withSecret(prober, "+8150311100" + (10 + i), null);
    }
    assertEquals(false, lastProbe.bodyAsJsonObject().getBoolean("success"));

    HttpResponse<Buffer> locked = withSecret(prober, TestConfig.OTHER_TWILIO_NUMBER, null);
    assertEquals(429, locked.statusCode());

    HttpResponse<Buffer> neighbour = withSecret("192.0.2.78", TestConfig.OTHER_TWILIO_NUMBER, null);
    assertEquals(200, neighbour.statusCode());
    assertEquals(true, neighbour.bodyAsJsonObject().getBoolean("success"));
  }

  @Test
  void tokenRequestsAreRateLimitedPerAddress() {
    String busy = "192.0.2.150";
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < PER_MINUTE; i++) {
      last = withSecret(busy, TestConfig.OTHER_TWILIO_NUMBER, null);
    }
    assertEquals(200, last.statusCode());

    HttpResponse<Buffer> limited = withSecret(busy, TestConfig.OTHER_TWILIO_NUMBER, null);
    assertEquals(429, limited.statusCode());
    long retryAfter = Long.parseLong(limited.getHeader("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);

    HttpResponse<Buffer> other = withSecret("192.0.2.151", TestConfig.OTHER_TWILIO_NUMBER, null);
    assertEquals(200, other.statusCode());
  }
}
