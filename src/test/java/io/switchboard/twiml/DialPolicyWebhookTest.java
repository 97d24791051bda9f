package io.switchboard.twiml;

import io.micrometer.core.instrument.Counter;
import io.switchboard.config.ConfigLoader;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.twiml.OutgoingCallWebhookTest.voiceSdkCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The dial policy as Twilio meets it: signed outgoing webhooks to a server on the default policy (the directory's
 * Japanese numbers, costly types blocked) with a cap of {@value #CAP} calls per hour, the TwiML parsed.
 */
@ExtendWith(VertxExtension.class)
class DialPolicyWebhookTest {

  private static final int CAP = 3;
  private static final String TYPE_REFUSED =
      "The number you called is a premium rate or other costly number that this phone may not call.";
  private static final String COUNTRY_REFUSED = "The number you called is in a country that this phone may not call.";
  private static final SwitchboardMetrics METRICS = new SwitchboardMetrics();
  private static TestServer server;

  @BeforeAll
  static void deploy(Vertx vertx) {
    JsonObject config = TestConfig.json(TestConfig.freePort());
    // The defaults, but for a cap that a test can reach.
    config.put("dial", new JsonObject().put("maxCallsPerHour", CAP));
    server = TestServer.deploy(vertx, ConfigLoader.parse(config, Map.of()), Optional.empty(), METRICS).await();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "0990-12-3456,  premium rate in Japan,           number_type_blocked",
      "+81570012345,  Navi Dial (0570): caller pays,   number_type_blocked",
      "+442071838750, a country outside the directory, country_not_allowed",
      "+883510012345, an international network,        country_not_allowed",
      "+12423570123,  +1 but the Bahamas,              country_not_allowed"})
  void refusedDestinationIsToldWhyWithoutADialAndCounted(String destination, String what, String reason) {
    double before = refusals(reason);

    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.OTHER_CLIENT, destination)).await();

    assertEquals(200, response.statusCode());
    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Say", "Hangup"), twiml.verbs());
    String said = twiml.only("Say").getTextContent();
    assertEquals(reason.equals("country_not_allowed") ? COUNTRY_REFUSED : TYPE_REFUSED, said);
    assertFalse(said.matches(".*\\d.*"), "the caller's number is never read back");
    assertEquals(before + 1, refusals(reason));
  }

  @Test
  void destinationThatIsAnOwnNumberRingsItsClientNotThePublicNetwork() {
    HttpResponse<Buffer> response =
        server.postSignedWebhook(CALL_OUTGOING, voiceSdkCall(TestConfig.OTHER_CLIENT, "050-3123-4567")).await();

    Twiml twiml = Twiml.parse(response.bodyAsString());
    assertEquals(List.of("Client:" + TestConfig.CLIENT), twiml.dialed());
    assertEquals(TestConfig.OTHER_TWILIO_NUMBER, twiml.only("Dial").getAttribute("callerId"));
  }

  @Test
  void callsToThePublicNetworkPastTheHourlyCapAreRefusedForThatClientOnly() {
    for (int call = 1; call <= CAP; call++) {
      assertEquals(List.of("Number:+819059876543"), dial(TestConfig.CLIENT, "+819059876543").dialed(),
          "call " + call + " of " + CAP);
    }
    // Calls between clients cost nothing outside and are not counted.
    assertEquals(List.of("Client:" + TestConfig.OTHER_CLIENT),
        dial(TestConfig.CLIENT, TestConfig.OTHER_CLIENT).dialed());
    double before = refusals("rate_limited");

    Twiml refused = dial(TestConfig.CLIENT, "+819059876543");

    assertEquals(List.of("Say", "Hangup"), refused.verbs());
    assertEquals("This phone has made too many calls in the last hour. Please try again later.",
        refused.only("Say").getTextContent());
    assertEquals(before + 1, refusals("rate_limited"));
    assertEquals(List.of("Number:+819059876543"), dial(TestConfig.OTHER_CLIENT, "+819059876543").dialed());
  }

  private static Twiml dial(String client, String destination) {
    MultiMap call = voiceSdkCall(client, destination);
    return Twiml.parse(server.postSignedWebhook(CALL_OUTGOING, call).await().bodyAsString());
  }

  private static double refusals(String reason) {
    Counter counter = METRICS.registry().find("switchboard.twiml.refusals")
        .tags("webhook", "call_outgoing", "reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
