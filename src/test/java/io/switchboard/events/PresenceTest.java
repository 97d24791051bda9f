package io.switchboard.events;

import io.switchboard.support.SseClient;
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

import static io.switchboard.events.EventsApiTest.GROUP;
import static io.switchboard.events.EventsApiTest.LAPTOP;
import static io.switchboard.events.EventsApiTest.PHONE;
import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.support.TestConfig.RETRY_FRAGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence through the real server: a client is online while its page holds a stream or says its device is
 * registered, and an incoming call to a group whose clients are all offline is answered with the voicemail's
 * TwiML at once; a line whose presence is off rings whatever.
 */
@ExtendWith(VertxExtension.class)
class PresenceTest {

  static final String MOBILE_LINE = "+815031230006";
  static final String MOBILE = "field-phone";
  /** A line whose clients ring in turn, added by the test that needs it. */
  private static final String IN_TURN = "+815031230008";
  private static final String CALL_SID = "CA1f0000000000000000000000000000f1";

  @Test
  void aCallToAGroupNobodyHasOpenGoesStraightToVoicemailAndRingsOnceOneIs(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config(1)).await();
    String laptop = EventsApiTest.token(server, GROUP, LAPTOP);
    assertEquals("Record", firstVerb(server, GROUP), "nobody online: the message is taken at once");
    assertEquals(List.of(false, false), online(server, laptop, LAPTOP, PHONE));

    try (SseClient stream = EventsApiTest.stream(vertx, server, laptop)) {
      assertEquals(200, stream.status());
      JsonArray clients = presence(server, laptop);
      assertEquals(List.of(true, false), online(server, laptop, LAPTOP, PHONE));
      assertNotNull(clients.getJsonObject(0).getString("since"));
      assertNull(clients.getJsonObject(1).getValue("since"));
      assertEquals("Dial", firstVerb(server, GROUP), "one client online: the group rings");
    }

    // The page went away: within the presence's time to live (2 heartbeats and a second) the client is offline.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (online(server, laptop, LAPTOP, PHONE).get(0) && System.nanoTime() < deadline) {
      vertx.timer(200).await();
    }
    assertEquals(List.of(false, false), online(server, laptop, LAPTOP, PHONE));
    assertEquals("Record", firstVerb(server, GROUP));
  }

  @Test
  void thePageSaysWhetherItsDeviceIsRegistered(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    String phone = EventsApiTest.token(server, GROUP, PHONE);
    assertEquals(204, register(server, phone, "{\"registered\": true}").statusCode());
    assertEquals(List.of(false, true), online(server, phone, LAPTOP, PHONE));
    assertEquals("Dial", firstVerb(server, GROUP));

    assertEquals(204, register(server, phone, "{\"registered\": false}").statusCode());
    assertEquals(List.of(false, false), online(server, phone, LAPTOP, PHONE));
    assertEquals("Record", firstVerb(server, GROUP));

    for (String body : List.of("", "[]", "{\"registered\": \"yes\"}", "{}", "not json")) {
      HttpResponse<Buffer> refused = register(server, phone, body);
      assertEquals(400, refused.statusCode(), body);
      assertTrue(refused.bodyAsJsonObject().getString("error").contains("registered"), body);
    }
  }

  /**
   * Three clients in turn with a voicemail: the incoming call and each Dial action ring only the clients online at
   * that moment, the Dial action's signed URL carrying the step rung; the voicemail takes the call once none is left.
   */
  @Test
  void aSequentialGroupSkipsTheClientsThatAreOffline(Vertx vertx) {
    JsonObject config = EventsApiTest.config();
    config.getJsonObject("directory").getJsonArray("entries").add(new JsonObject()
        .put("phoneNumber", IN_TURN)
        .put("clients", new JsonArray().add("front-desk").add("back-office").add("manager"))
        .put("ring", "sequential")
        .put("ringSeconds", 15)
        .put("fallback", new JsonObject().put("voicemail", new JsonObject().put("greeting", "Leave a message."))));
    TestServer server = TestServer.start(vertx, config).await();
    String backOffice = EventsApiTest.token(server, IN_TURN, "back-office");
    assertEquals(204, register(server, backOffice, "{\"registered\": true}").statusCode());

    Element first = Twiml.parse(incomingCall(server, IN_TURN).bodyAsString()).only("Dial");
    assertEquals(List.of("back-office"), clientsRung(first), "the front desk is offline: its turn is skipped");
    assertTrue(first.getAttribute("action").endsWith("&client=back-office&stage=ring&step=2" + RETRY_FRAGMENT),
        first.getAttribute("action"));

    assertEquals("Record", firstVerb(dialNotAnswered(server, first)), "the manager is offline too: voicemail");

    String manager = EventsApiTest.token(server, IN_TURN, "manager");
    assertEquals(204, register(server, manager, "{\"registered\": true}").statusCode());
    Element next = Twiml.parse(dialNotAnswered(server, first).bodyAsString()).only("Dial");
    assertEquals(List.of("manager"), clientsRung(next), "online by the time the back office did not answer");
    assertTrue(next.getAttribute("action").endsWith("&client=manager&stage=ring&step=3" + RETRY_FRAGMENT),
        next.getAttribute("action"));
  }

  @Test
  void aLineWithPresenceOffRingsWhileItsClientIsOffline(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    assertEquals("Dial", firstVerb(server, MOBILE_LINE));
  }

  @Test
  void aClientSeesThePresenceOfItsOwnNumbersClientsOnly(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    String laptop = EventsApiTest.token(server, GROUP, LAPTOP);
    assertEquals(204, register(server, laptop, "{\"registered\": true}").statusCode());
    String walkthrough = EventsApiTest.token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT);
    JsonArray seen = presence(server, walkthrough);
    assertEquals(1, seen.size());
    assertEquals(TestConfig.CLIENT, seen.getJsonObject(0).getString("client"));
    assertFalse(seen.getJsonObject(0).getBoolean("online"));

    HttpResponse<Buffer> anonymous = server.client().get(EventsApi.PRESENCE).send().await();
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.bodyAsJsonObject().containsKey("error"));
    assertEquals(401, server.client().post(EventsApi.PRESENCE).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"registered\": true}")).await().statusCode());
  }

  /** The first verb of the TwiML that answers a call from outside to {@code number}. */
  private static String firstVerb(TestServer server, String number) {
    return firstVerb(incomingCall(server, number));
  }

  /** The first verb of {@code twiml} that is not a greeting. */
  private static String firstVerb(HttpResponse<Buffer> twiml) {
    assertEquals(200, twiml.statusCode());
    return Twiml.parse(twiml.bodyAsString()).verbs().stream()
        .filter(verb -> !verb.equals("Say") && !verb.equals("Play")).findFirst().orElseThrow();
  }

  private static HttpResponse<Buffer> incomingCall(TestServer server, String number) {
    HttpResponse<Buffer> twiml = server.postSignedWebhook(CALL_INCOMING, MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", CALL_SID)
        .add("CallStatus", "ringing").add("Direction", "inbound").add("From", EventsApiTest.CALLER)
        .add("To", number)).await();
    assertEquals(200, twiml.statusCode(), twiml.bodyAsString());
    return twiml;
  }

  /** Twilio's request to the Dial action that {@code dial} names, signed for its URL: nobody answered. */
  private static HttpResponse<Buffer> dialNotAnswered(TestServer server, Element dial) {
    return server.postToTwimlUrl(dial.getAttribute("action"),
        MultiMap.caseInsensitiveMultiMap().add("AccountSid", TestConfig.ACCOUNT_SID).add("CallSid", CALL_SID)
            .add("Direction", "inbound").add("From", EventsApiTest.CALLER).add("DialCallStatus", "no-answer"))
        .await();
  }

  private static List<String> clientsRung(Element dial) {
    return Twiml.children(dial).stream().map(client -> client.getTextContent().strip()).toList();
  }

  private static JsonArray presence(TestServer server, String token) {
    HttpResponse<Buffer> response = server.client().get(EventsApi.PRESENCE)
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("no-store", response.getHeader("Cache-Control"));
    return response.bodyAsJsonObject().getJsonArray("clients");
  }

  /** Whether each of {@code clients} is online, as {@code token}'s client sees them; in the reply's order. */
  private static List<Boolean> online(TestServer server, String token, String... clients) {
    JsonArray seen = presence(server, token);
    assertEquals(List.of(clients), seen.stream().map(JsonObject.class::cast).map(c -> c.getString("client")).toList());
    return seen.stream().map(JsonObject.class::cast).map(c -> c.getBoolean("online")).toList();
  }

  private static HttpResponse<Buffer> register(TestServer server, String token, String body) {
    return server.client().post(EventsApi.PRESENCE).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }
}
