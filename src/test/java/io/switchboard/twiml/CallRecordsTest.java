package io.switchboard.twiml;

import io.switchboard.bus.Refusal;
import io.switchboard.storage.CallLookup;
import io.switchboard.storage.CallRecord;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.TwilioSignatures;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CALL_STATUS;
import static io.switchboard.twiml.IncomingCallWebhookTest.twilioIncomingCall;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A call's life as Twilio reports it, on the real server and its real store (H2): the TwiML's callback URLs are
 * called back, signed, and the call is read back from the store and through the browser's API.
 */
@ExtendWith(VertxExtension.class)
class CallRecordsTest {

  private static Vertx vertx;
  private static TestServer server;

  @BeforeAll
  static void deploy(Vertx shared) {
    vertx = shared;
    server = TestServer.start(vertx).await();
  }

  @Test
  void answeredIncomingCallIsStoredFromItsCallbacks() {
    String callSid = callSid();
    String legSid = callSid();
    Callbacks call = ring(callSid);

    for (String status : List.of("initiated", "ringing", "in-progress", "completed")) {
      assertEquals(204, call.leg(legSid, status).statusCode(), status);
    }
    assertEquals(200, call.dialOutcome(legSid, "completed").statusCode());
    assertEquals(204, parentCompleted(callSid).statusCode());

    CallRecord record = stored(TestConfig.CLIENT, callSid);
    assertEquals("incoming", record.direction());
    assertEquals(TestConfig.TWILIO_NUMBER, record.twilioNumber());
    assertEquals("+819059876543", record.from());
    assertEquals(List.of(TestConfig.CLIENT), record.clients());
    assertEquals("completed", record.status());
    assertEquals(TestConfig.CLIENT, record.answeredBy());
    assertEquals(6, record.events().size(), "four leg events, the Dial outcome and the call's own: " + record);
    JsonObject shown = server.client().get("/api/calls/" + callSid)
        .putHeader("Authorization", "Bearer " + server.accessToken(TestConfig.TWILIO_NUMBER).await())
        .send().await().bodyAsJsonObject();
    assertEquals("completed", shown.getString("status"), "as the browser's call history shows it: " + shown);
    assertEquals(TestConfig.CLIENT, shown.getString("answeredBy"));
    assertEquals(42, shown.getInteger("durationSeconds"));
  }

  /** Twilio delivers at least once: the same callback again is answered 2xx and changes nothing. */
  @Test
  void repeatedCallbackChangesNothing() {
    String callSid = callSid();
    String legSid = callSid();
    Callbacks call = ring(callSid);
    call.leg(legSid, "ringing");
    CallRecord once = stored(TestConfig.CLIENT, callSid);

    assertEquals(204, call.leg(legSid, "ringing").statusCode());

    assertEquals(once, stored(TestConfig.CLIENT, callSid));
  }

  @Test
  void forgedCallbackIsForbiddenAndNothingIsStored() {
    String callSid = callSid();
    Callbacks call = ring(callSid);
    MultiMap form = call.legForm(callSid(), "ringing");
    String forged = TwilioSignatures.sign("ffffffffffffffffffffffffffffffff", call.legStatusUrl, form);

    HttpResponse<Buffer> response = server.post(TestServer.pathAndQuery(call.legStatusUrl))
        .putHeader("X-Twilio-Signature", forged).sendForm(form).await();

    assertEquals(403, response.statusCode());
    assertEquals(404, refusal(TestConfig.CLIENT, callSid));
  }

  /** A call's record is its clients' only: another client is told it does not exist. */
  @Test
  void storedCallIsNotAnotherClients() {
    String callSid = callSid();
    ring(callSid).leg(callSid(), "ringing");

    assertEquals(404, refusal(TestConfig.OTHER_CLIENT, callSid));
  }

  /** The call webhook whose TwiML names the callback URLs, and the callbacks Twilio then makes to them. */
  private static Callbacks ring(String callSid) {
    HttpResponse<Buffer> twiml = server.postSignedWebhook(CALL_INCOMING,
        twilioIncomingCall(TestConfig.TWILIO_NUMBER).set("CallSid", callSid)).await();
    Element dial = Twiml.parse(twiml.bodyAsString()).only("Dial");
    return new Callbacks(callSid, dial.getAttribute("action"),
        Twiml.children(dial).get(0).getAttribute("statusCallback"));
  }

  private record Callbacks(String callSid, String dialActionUrl, String legStatusUrl) {

    MultiMap legForm(String legSid, String status) {
      MultiMap form = MultiMap.caseInsensitiveMultiMap()
          .add("AccountSid", TestConfig.ACCOUNT_SID)
          .add("ApiVersion", "2010-04-01")
          .add("CallSid", legSid)
          .add("CallStatus", status)
          .add("CallbackSource", "call-progress-events")
          .add("Direction", "outbound-dial")
          .add("From", "+819059876543")
          .add("ParentCallSid", callSid)
          .add("SequenceNumber", Integer.toString(List.of("initiated", "ringing", "in-progress", "completed")
              .indexOf(status)))
          .add("Timestamp", now())
          .add("To", "client:" + TestConfig.CLIENT);
      if (status.equals("completed")) {
        form.add("CallDuration", "42");
      }
      return form;
    }

    HttpResponse<Buffer> leg(String legSid, String status) {
      return postSigned(legStatusUrl, legForm(legSid, status));
    }

    HttpResponse<Buffer> dialOutcome(String legSid, String status) {
      return postSigned(dialActionUrl, MultiMap.caseInsensitiveMultiMap()
          .add("AccountSid", TestConfig.ACCOUNT_SID)
          .add("CallSid", callSid)
          .add("CallStatus", "in-progress")
          .add("DialCallDuration", "42")
          .add("DialCallSid", legSid)
          .add("DialCallStatus", status)
          .add("Direction", "inbound")
          .add("From", "+819059876543")
          .add("To", TestConfig.TWILIO_NUMBER));
    }
  }

  private static HttpResponse<Buffer> parentCompleted(String callSid) {
    return postSigned(TestConfig.PUBLIC_BASE_URL + CALL_STATUS, MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallDuration", "45")
        .add("CallSid", callSid)
        .add("CallStatus", "completed")
        .add("Direction", "inbound")
        .add("From", "+819059876543")
        .add("SequenceNumber", "0")
        .add("Timestamp", now())
        .add("To", TestConfig.TWILIO_NUMBER));
  }

  private static HttpResponse<Buffer> postSigned(String url, MultiMap form) {
    return server.postToTwimlUrl(url, form).await();
  }

  private static CallRecord stored(String client, String callSid) {
    return vertx.eventBus().<CallRecord>request(StorageAddresses.GET_CALL, new CallLookup(client, callSid))
        .await().body();
  }

  private static int refusal(String client, String callSid) {
    try {
      stored(client, callSid);
      throw new AssertionError("found " + callSid + " for " + client);
    } catch (Refusal refusal) {
      return refusal.status();
    }
  }

  private static String callSid() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return "CA" + HexFormat.of().formatHex(random);
  }

  private static String now() {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
  }
}
