package io.switchboard.twiml;

import io.switchboard.support.TestConfig;
import io.switchboard.support.RunningServerTest;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncomingCallWebhookTest extends RunningServerTest {

  /** The walkthrough's own curl body for an incoming call (its step 2-8). */
  static final String WALKTHROUGH_BODY = "ApplicationSid=AP75zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz&ApiVersion=2010-04-01"
      + "&Called=&Caller=%2B819059876543&CallStatus=ringing&CallSid=CCA86nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
      + "&To=%2B815031234567&From=%2B819059876543&Direction=inbound&AccountSid=AC3exxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";


  static MultiMap form(String urlEncoded) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (String pair : urlEncoded.split("&")) {
      String[] nameValue = pair.split("=", 2);
      form.add(nameValue[0], java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return form;
  }

  /** Twilio's full parameter set for a call from a phone to the Twilio number {@code to}. */
  static MultiMap twilioIncomingCall(String to) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("ApiVersion", "2010-04-01")
        .add("CallSid", "CA1f0000000000000000000000000000aa")
        .add("CallStatus", "ringing")
        .add("Called", to)
        .add("CalledCountry", "JP")
        .add("CalledVia", to.replace("+", ""))
        .add("Caller", "+819059876543")
        .add("CallerCountry", "JP")
        .add("Direction", "inbound")
        .add("ForwardedFrom", to.replace("+", ""))
        .add("From", "+819059876543")
        .add("FromCountry", "JP")
        .add("To", to)
        .add("ToCountry", "JP");
  }

  @Test
  void walkthroughRequestRingsTheClient(VertxTestContext ctx) {
    server.postSignedWebhook(CALL_INCOMING, form(WALKTHROUGH_BODY))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(200, response.statusCode());
          assertEquals("application/xml", response.getHeader("Content-Type"));
          Twiml twiml = Twiml.parse(response.bodyAsString());
          assertEquals(List.of("Dial"), twiml.verbs());
          assertEquals("60", twiml.only("Dial").getAttribute("timeout"));
          assertEquals(List.of("Client:DeviceId_0001"), twiml.dialed());
          ctx.completeNow();
        })));
  }

  @Test
  void twiliosFullParameterSetRingsTheClientOfTheCalledNumber(VertxTestContext ctx) {
    server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall(TestConfig.OTHER_TWILIO_NUMBER))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(List.of("Client:" + TestConfig.OTHER_CLIENT), Twiml.parse(response.bodyAsString()).dialed());
          ctx.completeNow();
        })));
  }

  @Test
  void numberNotInTheDirectoryIsToldOnceThenHungUp(VertxTestContext ctx) {
    server.postSignedWebhook(CALL_INCOMING, twilioIncomingCall("+815011112222"))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(200, response.statusCode());
          Twiml twiml = Twiml.parse(response.bodyAsString());
          assertEquals(List.of("Say", "Hangup"), twiml.verbs());
          Element say = twiml.only("Say");
          assertEquals("An error occurred. Your Twilio phone number +815011112222 is invalid.", say.getTextContent());
          assertEquals("en-US", say.getAttribute("language"));
          assertFalse(say.hasAttribute("loop"), "said once, not looped forever");
          ctx.completeNow();
        })));
  }

  @Test
  void calledNumberThatIsNoNumberGetsASpokenErrorWithoutEchoingIt(VertxTestContext ctx) {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER).set("To", "</Say><Dial>+81900</Dial>");
    server.postSignedWebhook(CALL_INCOMING, call)
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          Twiml twiml = Twiml.parse(response.bodyAsString());
          assertEquals(List.of("Say", "Hangup"), twiml.verbs());
          assertEquals("An error occurred. The Twilio phone number called is invalid.",
              twiml.only("Say").getTextContent());
          ctx.completeNow();
        })));
  }

  @Test
  void missingToGetsASpokenError(VertxTestContext ctx) {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    call.remove("To");
    server.postSignedWebhook(CALL_INCOMING, call)
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(List.of("Say", "Hangup"), Twiml.parse(response.bodyAsString()).verbs());
          ctx.completeNow();
        })));
  }

  @Test
  void unsignedWebhookIsForbiddenAndNothingIsRendered(VertxTestContext ctx) {
    server.post(CALL_INCOMING).sendForm(twilioIncomingCall(TestConfig.TWILIO_NUMBER))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertForbidden(response, "missing X-Twilio-Signature");
          ctx.completeNow();
        })));
  }

  @Test
  void signatureMadeWithAnotherAuthTokenIsForbidden(VertxTestContext ctx) {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    String forged = io.switchboard.support.TwilioSignatures.sign("ffffffffffffffffffffffffffffffff",
        TestConfig.PUBLIC_BASE_URL + CALL_INCOMING, call);
    server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", forged).sendForm(call)
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertForbidden(response, "invalid X-Twilio-Signature");
          ctx.completeNow();
        })));
  }

  @Test
  void tamperedBodyIsForbidden(VertxTestContext ctx) {
    MultiMap signed = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    String signature = io.switchboard.support.TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + CALL_INCOMING, signed);
    MultiMap tampered = twilioIncomingCall(TestConfig.OTHER_TWILIO_NUMBER);
    server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", signature).sendForm(tampered)
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertForbidden(response, "invalid X-Twilio-Signature");
          ctx.completeNow();
        })));
  }

  @Test
  void signatureForAnotherUrlIsForbidden(VertxTestContext ctx) {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    String signature = io.switchboard.support.TwilioSignatures.sign("https://attacker.example.net" + CALL_INCOMING, call);
    server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", signature).sendForm(call)
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertForbidden(response, "invalid X-Twilio-Signature");
          ctx.completeNow();
        })));
  }

  @Test
  void queryStringIsPartOfTheSignedUrl(VertxTestContext ctx) {
    String path = CALL_INCOMING + "?campaign=spring";
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER);
    server.postSignedWebhook(path, call)
        .compose(signed -> {
          ctx.verify(() -> assertEquals(List.of("Client:DeviceId_0001"), Twiml.parse(signed.bodyAsString()).dialed()));
          String signedWithoutQuery = io.switchboard.support.TwilioSignatures.sign(
              TestConfig.PUBLIC_BASE_URL + CALL_INCOMING, call);
          return server.post(path).putHeader("X-Twilio-Signature", signedWithoutQuery).sendForm(call);
        })
        .onComplete(ctx.succeeding(unsigned -> ctx.verify(() -> {
          assertForbidden(unsigned, "invalid X-Twilio-Signature");
          ctx.completeNow();
        })));
  }

  @Test
  void repeatedParameterIsRefused(VertxTestContext ctx) {
    MultiMap call = twilioIncomingCall(TestConfig.TWILIO_NUMBER).add("To", TestConfig.OTHER_TWILIO_NUMBER);
    server.postSignedWebhook(CALL_INCOMING, call)
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(400, response.statusCode());
          assertEquals("parameter repeated: To", response.bodyAsJsonObject().getString("error"));
          ctx.completeNow();
        })));
  }

  @Test
  void jsonBodyIsRefused(VertxTestContext ctx) {
    server.post(CALL_INCOMING).putHeader("X-Twilio-Signature", "irrelevant")
        .sendJsonObject(new io.vertx.core.json.JsonObject().put("To", TestConfig.TWILIO_NUMBER))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(400, response.statusCode());
          assertEquals("webhooks must be application/x-www-form-urlencoded",
              response.bodyAsJsonObject().getString("error"));
          ctx.completeNow();
        })));
  }

  @Test
  void getIsNotAllowed(VertxTestContext ctx) {
    server.client().get(CALL_INCOMING).send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertEquals(405, response.statusCode());
      assertEquals("POST", response.getHeader("Allow"));
      ctx.completeNow();
    })));
  }

  static void assertForbidden(HttpResponse<Buffer> response, String reason) {
    assertEquals(403, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("application/json"));
    assertEquals(reason, response.bodyAsJsonObject().getString("error"));
    assertFalse(response.bodyAsString().contains("<Response"), "no TwiML rendered");
  }
}
