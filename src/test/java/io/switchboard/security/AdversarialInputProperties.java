package io.switchboard.security;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CALL_OUTGOING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and adversarial bodies thrown at all three APIs of a running server. Whatever is sent: no 5xx, TwiML that
 * parses, a {@code <Dial>} only to directory clients or valid E.164 numbers, and the server still answers a good
 * request afterwards.
 */
class AdversarialInputProperties {

  /** Pieces a hostile caller would try, mixed into random text. */
  private static final List<String> FRAGMENTS = List.of("</Number><Number>+819000000000", "</Client><Client>evil",
      "]]>", "<![CDATA[", "\"", "'", "<!--", "&amp;", "&#0;", "\u0000", "\u0007", "\u001b[31m", "\uFFFE", "\uD800",
      "client:", "client:DeviceId_0001", "DeviceId_0002", "+819059876543", "050-3123-4567", "+", "%00", "%",
      "\r\n", "${jndi:ldap://x}", "{{7*7}}", "\\", "/../", "😀", "١٢٣");

  private static Vertx vertx;
  private static TestServer server;

  @BeforeContainer
  static void deploy() {
    vertx = Vertx.vertx();
    server = TestServer.start(vertx).await();
  }

  @AfterContainer
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @AfterProperty
  void stillAnswersAGoodRequest() {
    JsonObject answer = server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await().bodyAsJsonObject();
    assertEquals(TestConfig.CLIENT, answer.getString("identity"));
  }

  @Property(tries = 300)
  void webhooksAlwaysAnswerTwimlThatDialsOnlyLegitimateTargets(@ForAll("webhookForms") Map<String, String> params,
                                                             @ForAll boolean outgoing) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::set);
    HttpResponse<Buffer> response = server.postSignedWebhook(outgoing ? CALL_OUTGOING : CALL_INCOMING, form).await();
    assertNoServerError(response);
    if (response.statusCode() == 200) {
      HostileInputTest.assertOnlyLegitimateDials(response);
    } else {
      // Signed and well-formed: only a form past the body limit may be refused.
      assertEquals(413, response.statusCode(), response.bodyAsString());
    }
  }

  @Property(tries = 200)
  void tokenApiAnswersEveryJsonWithTheContractShape(@ForAll("jsonValues") Object number,
                                                    @ForAll("jsonValues") Object secret) {
    JsonObject body = new JsonObject().put("twilioPhoneNumber", number).put("secret", secret);
    HttpResponse<Buffer> response = server.post(CAPABILITY_TOKEN).sendJsonObject(body).await();
    assertNoServerError(response);
    // 413 when the generated values add up to more than the body limit.
    assertTrue(List.of(200, 400, 413).contains(response.statusCode()), response.statusCode() + " " + response.bodyAsString());
    JsonObject answer = response.bodyAsJsonObject();
    if (Boolean.TRUE.equals(answer.getBoolean("success"))) {
      assertTrue(List.of(TestConfig.CLIENT, TestConfig.OTHER_CLIENT).contains(answer.getString("identity")));
    } else {
      assertEquals(null, answer.getValue("capabilityToken"));
    }
  }

  @Property(tries = 200)
  void arbitraryBytesUnderAnyContentTypeAreRefusedCleanly(@ForAll("bodies") byte[] body,
                                                          @ForAll("contentTypes") String contentType,
                                                          @ForAll("paths") String path) {
    HttpResponse<Buffer> response = server.post(path).putHeader("Content-Type", contentType)
        .putHeader("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl").sendBuffer(Buffer.buffer(body)).await();
    assertNoServerError(response);
    assertTrue(List.of(200, 400, 403, 413).contains(response.statusCode()),
        response.statusCode() + " " + response.bodyAsString());
    assertFalse(response.bodyAsString().contains("<Dial"), "an unsigned webhook never dials");
  }

  private static void assertNoServerError(HttpResponse<Buffer> response) {
    assertTrue(response.statusCode() < 500, response.statusCode() + " " + response.bodyAsString());
    String body = response.bodyAsString() == null ? "" : response.bodyAsString();
    assertFalse(body.contains("Exception") || body.contains("\tat "), body);
  }

  @Provide
  Arbitrary<String> hostileText() {
    Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(40);
    Arbitrary<String> fragment = Arbitraries.of(FRAGMENTS);
    return Arbitraries.oneOf(random, fragment, Arbitraries.strings().withChars("+0123456789- ()").ofMaxLength(20),
        fragment.list().ofMaxSize(4).map(parts -> String.join("", parts)),
        Arbitraries.strings().all().ofMinLength(1000).ofMaxLength(4000));
  }

  @Provide
  Arbitrary<Map<String, String>> webhookForms() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("To", "From", "Caller", "Called", "callerPhoneNumber", "callOutgoingPhoneNumber", "CallSid"),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
    return Arbitraries.maps(names, hostileText()).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Object> jsonValues() {
    return Arbitraries.oneOf(hostileText().map(Object.class::cast), Arbitraries.integers().map(Object.class::cast),
        Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(null),
        Arbitraries.of("+81-50-3123-4567", "050-3123-9999", "+815031234567").map(Object.class::cast),
        hostileText().list().ofMaxSize(3).map(JsonArray::new),
        hostileText().map(text -> new JsonObject().put("nested", text)));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        hostileText().map(text -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Arbitraries.of("{", "[]", "null", "{\"twilioPhoneNumber\":{}}", "To=%zz&From=%", "a=1&a=2&To=%2B81",
            "=&=&&", "To=" + "%".repeat(50)).map(text -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/x-www-form-urlencoded", "text/plain", "",
        "application/json; charset=latin1", "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded; charset=utf-8");
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(CAPABILITY_TOKEN, CALL_INCOMING, CALL_OUTGOING);
  }
}
