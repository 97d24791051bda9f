package io.switchboard.security;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.TwilioSignatures;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything the server logs while issuing tokens, refusing secrets and signatures: no secret, no token. */
@ExtendWith(VertxExtension.class)
class LogHygieneTest {

  @RegisterExtension
  final CapturedLogs logged = CapturedLogs.all();

  @Test
  void noSecretOrTokenValueIsEverLogged(Vertx vertx) throws Exception {
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("directory").getJsonArray("entries").getJsonObject(0)
        .put("secretHash", TokenAuthenticationTest.hashOf(TokenAuthenticationTest.SECRET));
    TestServer server = TestServer.start(vertx, config).await();
    List<String> tokens = new ArrayList<>();

    JsonObject issued = server.post(CAPABILITY_TOKEN).sendJsonObject(new JsonObject()
        .put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER).put("secret", TokenAuthenticationTest.SECRET))
        .await().bodyAsJsonObject();
    tokens.add(issued.getString("capabilityToken"));
    tokens.add(issued.getString("accessToken"));
    server.post(CAPABILITY_TOKEN).sendJsonObject(new JsonObject()
        .put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER).put("secret", "wrong-secret-attempt")).await();
    MultiMap call = MultiMap.caseInsensitiveMultiMap().add("From", "client:" + TestConfig.CLIENT).add("To", "+819059876543");
    String signature = TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + CALL_OUTGOING, call);
    server.post(CALL_OUTGOING).putHeader("X-Twilio-Signature", signature + "x").sendForm(call).await();
    Thread.sleep(300);

    StringBuilder everything = new StringBuilder();
    for (ILoggingEvent event : logged.events()) {
      everything.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    String log = everything.toString();
    assertTrue(log.contains("invalid X-Twilio-Signature"), "the refusal itself is logged:\n" + log);
    for (String secret : List.of(TestConfig.AUTH_TOKEN, TestConfig.API_KEY_SECRET, TokenAuthenticationTest.SECRET,
        "wrong-secret-attempt", signature)) {
      assertFalse(log.contains(secret), "a secret was logged:\n" + log);
    }
    for (String token : tokens) {
      assertFalse(log.contains(token.substring(token.indexOf('.') + 1, token.indexOf('.') + 30)), "a token was logged");
    }
  }
}
