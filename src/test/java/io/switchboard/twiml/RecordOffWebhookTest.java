package io.switchboard.twiml;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.twiml.IncomingCallWebhookTest.form;
import static io.switchboard.twiml.OutgoingCallWebhookTest.voiceSdkCall;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With {@code calls.record} false, the two call webhooks answer, byte for byte, what they answered before. */
@ExtendWith(VertxExtension.class)
class RecordOffWebhookTest {

  private static final String PROLOGUE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private static TestServer server;

  @BeforeAll
  static void deploy(Vertx vertx) {
    JsonObject config = TestConfig.json(TestConfig.freePort()).put("calls", new JsonObject().put("record", false));
    server = TestServer.start(vertx, config).await();
  }

  @Test
  void walkthroughsIncomingCallGetsTheWalkthroughsTwiml() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_INCOMING, form(IncomingCallWebhookTest.WALKTHROUGH_BODY)).await();

    assertEquals(PROLOGUE + "<Response><Dial timeout=\"60\"><Client>DeviceId_0001</Client></Dial></Response>",
        response.bodyAsString());
  }

  @Test
  void walkthroughsOutgoingCallGetsTheWalkthroughsTwiml() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_OUTGOING, form(OutgoingCallWebhookTest.WALKTHROUGH_BODY)).await();

    assertEquals(PROLOGUE + "<Response><Dial callerId=\"+815031234567\" timeout=\"60\">"
        + "<Number>+819059876543</Number></Dial></Response>", response.bodyAsString());
  }

  @Test
  void callBetweenClientsGetsTheTwimlOfBefore() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.CLIENT, "client:DeviceId_0002")).await();

    assertEquals(PROLOGUE + "<Response><Dial callerId=\"+815031234567\" timeout=\"60\">"
        + "<Client>DeviceId_0002</Client></Dial></Response>", response.bodyAsString());
  }
}
