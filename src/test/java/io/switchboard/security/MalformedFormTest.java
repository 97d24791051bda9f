package io.switchboard.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.RunningServerTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Form bodies that no decoder can read (a bad escape, a cut escape, an empty name) are the caller's error: a 400
 * with a short JSON message on every API path, and nothing logged as a failure of the server.
 */
class MalformedFormTest extends RunningServerTest {

  private static final String FORM = "application/x-www-form-urlencoded";

  @RegisterExtension
  final CapturedLogs logged = CapturedLogs.all();

  @ParameterizedTest
  @ValueSource(strings = {"twilioPhoneNumber=%zz", "twilioPhoneNumber=%", "=%2B815031234567", "a=1&=2"})
  void aMalformedFormToTheTokenApiIsABadRequest(String form) {
    HttpResponse<Buffer> response = post(CAPABILITY_TOKEN, form);

    assertEquals(400, response.statusCode(), response.bodyAsString());
    JsonObject answer = response.bodyAsJsonObject();
    assertEquals(false, answer.getBoolean("success"));
    assertEquals("Content-Type must be application/json", answer.getString("error"));
    assertNothingLoggedAsAnError();
  }

  @ParameterizedTest
  @ValueSource(strings = {"To=%zz", "To=%", "=%2B815031234567", "From=client%3Ax&To=%4"})
  void aMalformedFormToAWebhookIsABadRequest(String form) {
    for (String webhook : new String[] {CALL_INCOMING, CALL_OUTGOING}) {
      HttpResponse<Buffer> response = post(webhook, form);

      assertEquals(400, response.statusCode(), webhook + ": " + response.bodyAsString());
      assertTrue(response.getHeader("Content-Type").startsWith("application/json"));
      String error = response.bodyAsJsonObject().getString("error");
      assertTrue(!error.isEmpty() && error.length() < 100, error);
    }
    assertNothingLoggedAsAnError();
  }

  private static HttpResponse<Buffer> post(String path, String form) {
    return server.post(path).putHeader("Content-Type", FORM)
        .putHeader("X-Twilio-Signature", "not-checked-before-the-form-is-read")
        .sendBuffer(Buffer.buffer(form)).await();
  }

  private void assertNothingLoggedAsAnError() {
    for (ILoggingEvent event : logged.events()) {
      assertFalse(event.getLevel().isGreaterOrEqual(Level.ERROR),
          "logged at " + event.getLevel() + ": " + event.getFormattedMessage());
    }
  }
}
