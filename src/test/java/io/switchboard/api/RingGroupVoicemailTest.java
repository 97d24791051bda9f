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

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A call to a ring group that nobody answers, played through the real server by following its TwiML to the
 * voicemail's {@code <Record>}, whose recording callback is then posted where that TwiML says: the message is a
 * voicemail of each of the group's clients, of no other client, and its call shows it.
 */
@ExtendWith(VertxExtension.class)
class RingGroupVoicemailTest {

  private static final String GROUP = "+815031230001";
  private static final String CALLER = "+819059876543";
  private static final String CALL_SID = "CA1f0000000000000000000000000000cc";
  private static final String RECORDING_SID = "RE1f0000000000000000000000000000cc";
  private static final List<String> CLIENTS = List.of("alice-laptop", "alice-phone");

  @Test
  void theMessageLeftOnAGroupIsEachOfItsClientsVoicemailAndNoOneElses(Vertx vertx) {
    TestServer server = TestServer.start(vertx, config()).await();

    Element dial = Twiml.parse(ok(server.postSignedWebhook(CALL_INCOMING,
        MultiMap.caseInsensitiveMultiMap().add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", CALL_SID)
            .add("CallStatus", "ringing").add("Direction", "inbound").add("From", CALLER).add("To", GROUP))
        .await())).only("Dial");
    for (Element client : Twiml.children(dial)) {
      assertEquals(204, server.postToTwimlUrl(client.getAttribute("statusCallback"), leg(client.getTextContent()))
          .await().statusCode());
    }
    Element record = Twiml.parse(ok(server.postToTwimlUrl(dial.getAttribute("action"),
        MultiMap.caseInsensitiveMultiMap().add("CallSid", CALL_SID).add("From", CALLER).add("To", GROUP).add("DialCallStatus", "no-answer")).await()))
        .only("Record");
    HttpResponse<Buffer> stored = server.postToTwimlUrl(record.getAttribute("recordingStatusCallback"),
        MultiMap.caseInsensitiveMultiMap()
            .add("AccountSid", TestConfig.ACCOUNT_SID)
            .add("CallSid", CALL_SID)
            .add("RecordingSid", RECORDING_SID)
            .add("RecordingUrl", "https://recordings.test/" + RECORDING_SID)
            .add("RecordingStatus", "completed")
            .add("RecordingDuration", "11")).await();
    assertEquals(204, stored.statusCode());

    for (String client : CLIENTS) {
      String token = token(server, new JsonObject().put("twilioPhoneNumber", GROUP).put("clientName", client));
      JsonArray voicemails = json(get(server, "/api/voicemails", token)).getJsonArray("voicemails");
      assertEquals(1, voicemails.size(), client);
      JsonObject voicemail = voicemails.getJsonObject(0);
      assertEquals(RECORDING_SID, voicemail.getString("id"));
      assertEquals(CALL_SID, voicemail.getString("callSid"));
      assertEquals(CALLER, voicemail.getString("from"), "the caller, from the call record");
      assertEquals(GROUP, voicemail.getString("to"));
      assertEquals(11, voicemail.getInteger("durationSeconds"));
      JsonObject call = json(get(server, "/api/calls/" + CALL_SID, token));
      assertEquals(RECORDING_SID, call.getString("voicemail"), client);
    }
    String outsider = token(server, new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER));
    assertEquals(0, json(get(server, "/api/voicemails", outsider)).getJsonArray("voicemails").size());
  }

  /** The group rings both clients together, then takes a message; rung with no page open (presence off). */
  private static JsonObject config() {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").getJsonArray("entries").add(new JsonObject()
        .put("phoneNumber", GROUP)
        .put("clients", new JsonArray(CLIENTS))
        .put("presence", false)
        .put("fallback", new JsonObject()
            .put("voicemail", new JsonObject().put("greeting", "Please leave a message."))));
    return json;
  }

  /** A client's leg that rang and was not answered. */
  private static MultiMap leg(String client) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", "CA2b0000000000000000000000000000" + (client.endsWith("laptop") ? "01" : "02"))
        .add("ParentCallSid", CALL_SID)
        .add("CallStatus", "no-answer")
        .add("SequenceNumber", "1")
        .add("From", CALLER)
        .add("To", "client:" + client);
  }

  private static String token(TestServer server, JsonObject request) {
    return json(server.post("/twilio/retrieve_capability_token").sendJsonObject(request).await())
        .getString("accessToken");
  }

  private static HttpResponse<Buffer> get(TestServer server, String path, String token) {
    return server.client().get(path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static String ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsString();
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    return new JsonObject(ok(response));
  }
}
