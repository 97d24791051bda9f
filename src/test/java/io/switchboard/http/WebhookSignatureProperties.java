package io.switchboard.http;

import com.twilio.security.RequestValidator;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TwilioSignatures;
import io.switchboard.twilio.CallSidTemplate;
import io.switchboard.twilio.CallWebhook;
import io.switchboard.twilio.RetryOverrides;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.MultiMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our signature check, which replaced the SDK's {@code RequestValidator} on the hot path, accepts exactly what the
 * SDK accepts for the URL with or without one of our retry fragments: signatures over either spelling of the base
 * URL, forged ones, ones for other parameters, and ones with a fragment that is not ours. And what the load tester and the benchmark send,
 * signed by the same {@link TwilioSignature}, is accepted by both.
 */
class WebhookSignatureProperties {

  private static final String PATH = "/twilio/retrieve_twiml/call_incoming";
  /** Written out, not taken from RetryOverrides: a list grown there by mistake must fail here. */
  private static final List<String> OUR_FRAGMENTS =
      List.of("#rc=1&rp=all", "#rc=2&rp=all", "#rc=3&rp=all", "#rc=4&rp=all", "#rc=5&rp=all");

  @Property(tries = 400)
  void acceptsExactlyWhatTheSdkAccepts(@ForAll("baseUrls") String baseUrl, @ForAll("signedUrls") String signedFor,
                                       @ForAll("forms") Map<String, String> params, @ForAll boolean tamper,
                                       @ForAll("queries") String query, @ForAll("fragments") String signedFragment)
      throws UrlEncodedForm.MalformedForm {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::add);
    // Signed for one spelling of the server's URL (or another server), with or without a fragment (one of ours or
    // another), possibly for other parameters.
    String signature = TwilioSignatures.sign(TestConfig.AUTH_TOKEN, signedFor + PATH + query + signedFragment, form);
    if (tamper) {
      form.set("To", form.contains("To") ? form.get("To") + "0" : "+819000000000");
    }
    UrlEncodedForm received = UrlEncodedForm.decode(encoded(form));
    RequestValidator validator = new RequestValidator(TestConfig.AUTH_TOKEN);
    boolean sdk = validator.validate(baseUrl + PATH + query, asMap(form), signature)
        || OUR_FRAGMENTS.stream()
            .anyMatch(fragment -> validator.validate(baseUrl + PATH + query + fragment, asMap(form), signature));
    boolean ours = new WebhookSignature(TestConfig.AUTH_TOKEN, baseUrl).matches(signature, PATH + query, received);
    assertEquals(sdk, ours,
        () -> "base " + baseUrl + ", signed for " + signedFor + signedFragment + ", params " + params);
  }

  /** The entry point the benchmark signs with: any URL and parameters. */
  @Property(tries = 200)
  void signaturesForUrlAndParametersAreAcceptedByTheSdkAndTheServer(
      @ForAll("baseUrls") String baseUrl, @ForAll("forms") Map<String, String> params, @ForAll("queries") String query)
      throws UrlEncodedForm.MalformedForm {
    String signature = new TwilioSignature(TestConfig.AUTH_TOKEN).sign(baseUrl + PATH + query, params);
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::add);
    assertEquals(TwilioSignatures.sign(TestConfig.AUTH_TOKEN, baseUrl + PATH + query, form), signature);
    assertTrue(new RequestValidator(TestConfig.AUTH_TOKEN).validate(baseUrl + PATH + query, params, signature));
    assertTrue(new WebhookSignature(TestConfig.AUTH_TOKEN, baseUrl)
        .matches(signature, PATH + query, UrlEncodedForm.decode(encoded(form))));
  }

  /**
   * The entry point the load tester signs with: a webhook signed in advance up to its CallSid. Its body, decoded as
   * the server decodes it, is the webhook with that CallSid, and the SDK and the server accept its signature for it
   * and for no other CallSid.
   */
  @Property(tries = 300)
  void callSidTemplatesAreAcceptedByTheSdkAndTheServer(@ForAll("baseUrls") String baseUrl,
                                                       @ForAll("webhooks") CallWebhook webhook,
                                                       @ForAll("callSids") String callSid,
                                                       @ForAll("callSids") String otherCallSid)
      throws UrlEncodedForm.MalformedForm {
    CallSidTemplate template = webhook.forEachCallSid(new TwilioSignature(TestConfig.AUTH_TOKEN), baseUrl + PATH);
    String signature = template.signature(callSid);
    UrlEncodedForm received = UrlEncodedForm.decode(template.body(callSid).getBytes());
    assertEquals(webhook.withCallSid(callSid).parameters(), new HashMap<>(received));
    assertTrue(new RequestValidator(TestConfig.AUTH_TOKEN).validate(baseUrl + PATH, received, signature));
    WebhookSignature server = new WebhookSignature(TestConfig.AUTH_TOKEN, baseUrl);
    assertTrue(server.matches(signature, PATH, received));
    if (!otherCallSid.equals(callSid)) {
      assertFalse(server.matches(template.signature(otherCallSid), PATH, received));
    }
  }

  @Provide
  Arbitrary<CallWebhook> webhooks() {
    Arbitrary<String> sids = Arbitraries.strings().alpha().numeric().ofLength(34);
    Arbitrary<String> parties = Arbitraries.oneOf(Arbitraries.of("+815031234567", "+81-50-3123-4567", "Reception"),
        Arbitraries.strings().all().ofMaxLength(20).filter(v -> v.chars().noneMatch(c -> Character.isSurrogate((char) c))));
    return Combinators.combine(Arbitraries.of("incoming", "incomingFull", "outgoing"), sids, sids, parties, parties)
        .as((kind, account, app, from, to) -> switch (kind) {
          case "incoming" -> CallWebhook.incoming(account, from, to);
          case "incomingFull" -> CallWebhook.incomingFull(account, from, to);
          default -> CallWebhook.outgoing(account, app, from, to);
        });
  }

  /** None, the default, another count's, and ones that are not ours. */
  @Provide
  Arbitrary<String> fragments() {
    return Arbitraries.of("", RetryOverrides.fragment(3), RetryOverrides.fragment(1), "#rc=3&rp=5xx", "#rc=0&rp=all",
        "#rc=6&rp=all", "#");
  }

  @Provide
  Arbitrary<String> callSids() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(34).map(sid -> "CA" + sid);
  }

  @Provide
  Arbitrary<String> baseUrls() {
    return Arbitraries.of("https://voice.example.com", "https://voice.example.com:443", "http://127.0.0.1:18080",
        "http://localhost", "https://voice.example.com:8443", "https://example.com/voice",
        "https://example.com:443/voice");
  }

  @Provide
  Arbitrary<String> signedUrls() {
    return Arbitraries.of("https://voice.example.com", "https://voice.example.com:443", "http://127.0.0.1:18080",
        "http://127.0.0.1", "http://localhost", "http://localhost:80", "https://voice.example.com:8443",
        "https://example.com/voice", "https://example.com:443/voice", "https://example.com",
        "https://example.com:443", "https://evil.example.com");
  }

  @Provide
  Arbitrary<String> queries() {
    return Arbitraries.of("", "?tenant=7", "?a=1&b=two");
  }

  @Provide
  Arbitrary<Map<String, String>> forms() {
    Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("To", "From", "CallSid", "AccountSid", "Caller"),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
    Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("+815031234567", "client:DeviceId_0001", ""),
        Arbitraries.strings().all().ofMaxLength(30).filter(v -> v.chars().noneMatch(c -> Character.isSurrogate((char) c))));
    // Form names are case-insensitive, as in the server's form.
    return Arbitraries.maps(names, values).ofMaxSize(12)
        .filter(map -> map.keySet().stream().map(String::toLowerCase).distinct().count() == map.size());
  }

  private static byte[] encoded(MultiMap form) {
    StringJoiner body = new StringJoiner("&");
    form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return body.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static Map<String, String> asMap(MultiMap form) {
    Map<String, String> map = new HashMap<>();
    form.forEach(map::put);
    return map;
  }
}
