package io.switchboard.api;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A call that its client does not answer and its forward does, followed through the real server's TwiML: the
 * forward's leg names no client, only the number, and its callbacks are still stored; the call is completed, answered
 * by the forward's number, for as long as the forward talked (the load tester's calls scenario found both wrong).
 */
@ExtendWith(VertxExtension.class)
class ForwardedCallRecordTest {

  private static final String NUMBER = "+815031230002";
  private static final String FORWARD_TO = "+819012345678";
  private static final String CALLER = "+819059876543";
  private static final String CALL_SID = "CA2f0000000000000000000000000000aa";
  private static final String DESK_LEG = "CA2f0000000000000000000000000000a1";
  private static final String FORWARD_LEG = "CA2f0000000000000000000000000000a2";

  @Test
  void aCallTheForwardAnsweredIsCompletedAndAnsweredByTheForward(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();

    Element ring = Twiml.parse(ok(server.postSignedWebhook(CALL_INCOMING, form()
        .add("CallStatus", "ringing").add("Direction", "inbound")).await())).only("Dial");
    Element desk = Twiml.children(ring).get(0);
    assertEquals(204, server.postToTwimlUrl(desk.getAttribute("statusCallback"),
        leg(DESK_LEG, "client:desk", "no-answer", 2)).await().statusCode());
    Element forward = Twiml.parse(ok(server.postToTwimlUrl(ring.getAttribute("action"), form()
        .add("DialCallStatus", "no-answer").add("DialCallSid", DESK_LEG)).await())).only("Dial");
    Element number = Twiml.children(forward).get(0);
    assertEquals(FORWARD_TO, number.getTextContent());

    String[] statuses = {"initiated", "ringing", "in-progress", "completed"};
    for (int sequenceNumber = 0; sequenceNumber < statuses.length; sequenceNumber++) {
      String status = statuses[sequenceNumber];
      MultiMap callback = leg(FORWARD_LEG, FORWARD_TO, status, sequenceNumber);
      if (status.equals("completed")) {
        callback.add("CallDuration", "33");
      }
      assertEquals(204, server.postToTwimlUrl(number.getAttribute("statusCallback"), callback).await().statusCode(),
          status);
    }
    ok(server.postToTwimlUrl(forward.getAttribute("action"), form().add("DialCallStatus", "completed")
        .add("DialCallSid", FORWARD_LEG).add("DialCallDuration", "33")).await());

    String token = new JsonObject(ok(server.post("/twilio/retrieve_capability_token")
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", NUMBER)).await())).getString("accessToken");
    JsonObject call = new JsonObject(ok(server.client().get("/api/calls/" + CALL_SID)
        .putHeader("Authorization", "Bearer " + token).send().await()));
    assertEquals("completed", call.getString("status"), call.encode());
    assertEquals(FORWARD_TO, call.getString("answeredBy"), call.encode());
    assertEquals(33, call.getInteger("durationSeconds"), call.encode());
  }

  private static JsonObject config() {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").getJsonArray("entries").add(new JsonObject()
        .put("phoneNumber", NUMBER)
        .put("clients", new JsonArray().add("desk"))
        // No page is open here: the desk rings first, whatever its presence.
        .put("presence", false)
        .put("fallback", new JsonObject().put("forwardTo", FORWARD_TO)));
    return json;
  }

  private static MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap().add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", CALL_SID)
        .add("From", CALLER).add("To", NUMBER);
  }

  private static MultiMap leg(String legSid, String to, String status, int sequenceNumber) {
    return MultiMap.caseInsensitiveMultiMap().add("CallSid", legSid).add("ParentCallSid", CALL_SID)
        .add("CallStatus", status).add("SequenceNumber", Integer.toString(sequenceNumber)).add("From", CALLER)
        .add("To", to);
  }

  private static String ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsString();
  }
}
