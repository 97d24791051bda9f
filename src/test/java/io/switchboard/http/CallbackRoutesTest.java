package io.switchboard.http;

import io.micrometer.core.instrument.Counter;
import io.switchboard.bus.Refusal;
import io.switchboard.storage.CallCallback;
import io.switchboard.support.Twiml;
import io.switchboard.support.StoreStandIn;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.TwilioSignatures;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.http.ApiPaths.CALL_STATUS;
import static io.switchboard.http.ApiPaths.LEG_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The callback routes through the real HTTP and TwiML verticles, with a store whose answers the test chooses: what
 * is signed reaches the store as the callback it is, a status callback's 204 waits for the store, the Dial action's
 * TwiML does not depend on it, and what is not signed never reaches it.
 */
@ExtendWith(VertxExtension.class)
class CallbackRoutesTest {

  static final String QUERY = "direction=incoming&number=%2B815031234567&client=DeviceId_0001";

  private static StoreStandIn store;

  @BeforeAll
  static void deploy(Vertx vertx) {
    store = StoreStandIn.deploy(vertx, TestConfig.json(TestConfig.freePort()));
  }

  @BeforeEach
  void emptyStore() {
    store.clear();
  }

  /** What Twilio posts to a {@code <Client>} leg's statusCallback when the browser answers. */
  static MultiMap legAnswered() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("ApiVersion", "2010-04-01")
        .add("CallSid", "CA2b000000000000000000000000000001")
        .add("CallStatus", "in-progress")
        .add("CallbackSource", "call-progress-events")
        .add("Called", "client:DeviceId_0001")
        .add("Caller", "+819059876543")
        .add("Direction", "outbound-dial")
        .add("From", "+819059876543")
        .add("ParentCallSid", "CA1f0000000000000000000000000000aa")
        .add("SequenceNumber", "2")
        .add("Timestamp", "Mon, 30 Nov 2026 00:40:01 +0000")
        .add("To", "client:DeviceId_0001");
  }

  /** What Twilio posts to the number's status callback when the call ends. */
  static MultiMap callCompleted() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("ApiVersion", "2010-04-01")
        .add("CallDuration", "42")
        .add("CallSid", "CA1f0000000000000000000000000000aa")
        .add("CallStatus", "completed")
        .add("CallbackSource", "call-progress-events")
        .add("Direction", "inbound")
        .add("From", "+819059876543")
        .add("SequenceNumber", "0")
        .add("Timestamp", "Mon, 30 Nov 2026 00:40:43 +0000")
        .add("To", "+815031234567");
  }

  static Future<HttpResponse<Buffer>> postSigned(String pathAndQuery, MultiMap form) {
    return postSignedFor(TestConfig.PUBLIC_BASE_URL + pathAndQuery, pathAndQuery, form);
  }

  static Future<HttpResponse<Buffer>> postSignedFor(String signedUrl, String pathAndQuery, MultiMap form) {
    return store.client().post(pathAndQuery)
        .putHeader("X-Twilio-Signature", TwilioSignatures.sign(signedUrl, form))
        .sendForm(form);
  }

  @Test
  void signedLegStatusReachesTheStoreWithItsQueryAndIs204OnlyOnceStored() throws Exception {
    Promise<String> commit = Promise.promise();
    store.holds(commit);

    Future<HttpResponse<Buffer>> response = postSigned(LEG_STATUS + "?" + QUERY, legAnswered());
    awaitReceived(1);
    TimeUnit.MILLISECONDS.sleep(100);
    assertFalse(response.isComplete(), "no answer before the store's commit");
    commit.complete("stored");

    HttpResponse<Buffer> stored = response.await();
    assertEquals(204, stored.statusCode());
    assertNull(stored.body(), "no body for Twilio to read");
    CallCallback callback = store.received().get(0);
    assertEquals(CallCallback.Kind.LEG_STATUS, callback.kind());
    assertEquals("CA1f0000000000000000000000000000aa", callback.callSid());
    assertEquals("CA2b000000000000000000000000000001", callback.legSid());
    assertEquals("in-progress", callback.status());
    assertEquals("2", callback.sequenceNumber());
    assertEquals("client:DeviceId_0001", callback.to());
    assertEquals("incoming", callback.direction());
    assertEquals("+815031234567", callback.twilioNumber());
    assertEquals("DeviceId_0001", callback.client());
  }

  @Test
  void signedCallStatusIsTheParentCallsOwn() {
    HttpResponse<Buffer> response = postSigned(CALL_STATUS, callCompleted()).await();

    assertEquals(204, response.statusCode());
    CallCallback callback = store.received().get(0);
    assertEquals(CallCallback.Kind.CALL_STATUS, callback.kind());
    assertEquals("CA1f0000000000000000000000000000aa", callback.callSid());
    assertEquals("completed", callback.status());
    assertEquals("42", callback.duration());
    assertEquals("", callback.direction(), "no query: the call's side comes from Twilio's own parameters");
  }

  /** What Twilio posts to the {@code <Dial action>} when the client did not answer. */
  static MultiMap dialNotAnswered() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("ApiVersion", "2010-04-01")
        .add("CallSid", "CA1f0000000000000000000000000000aa")
        .add("CallStatus", "in-progress")
        .add("DialCallSid", "CA2b000000000000000000000000000001")
        .add("DialCallStatus", "no-answer")
        .add("Direction", "inbound")
        .add("From", "+819059876543")
        .add("To", "+815031234567");
  }

  @Test
  void urlsThatTheTwimlGivesTwilioAreTakenBack() {
    MultiMap incoming = MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", "CA1f0000000000000000000000000000aa")
        .add("From", "+819059876543")
        .add("To", TestConfig.TWILIO_NUMBER);
    HttpResponse<Buffer> call = postSigned(ApiPaths.CALL_INCOMING, incoming).await();
    Element dial = Twiml.parse(call.bodyAsString()).only("Dial");
    String legStatus = Twiml.children(dial).get(0).getAttribute("statusCallback");
    String dialAction = dial.getAttribute("action");
    assertTrue(legStatus.endsWith("&client=DeviceId_0001" + TestConfig.RETRY_FRAGMENT), legStatus);
    assertTrue(dialAction.endsWith(TestConfig.RETRY_FRAGMENT), dialAction);

    HttpResponse<Buffer> leg = postSignedFor(legStatus, TestServer.pathAndQuery(legStatus), legAnswered()).await();
    HttpResponse<Buffer> outcome = postSignedFor(dialAction, TestServer.pathAndQuery(dialAction), dialNotAnswered())
        .await();

    assertEquals(204, leg.statusCode());
    assertEquals(200, outcome.statusCode());
    assertEquals(List.of(CallCallback.Kind.LEG_STATUS, CallCallback.Kind.DIAL_ACTION),
        store.received().stream().map(CallCallback::kind).toList());
    for (CallCallback callback : store.received()) {
      assertEquals("incoming", callback.direction());
      assertEquals(TestConfig.TWILIO_NUMBER, callback.twilioNumber());
      assertEquals(TestConfig.CLIENT, callback.client());
    }
  }

  /**
   * Twilio sends no fragment and does not say whether it signs one: a callback signed for its URL with or without a
   * retry fragment is taken, whatever count it asks (a call keeps the URLs it was given, whatever the setting is
   * now); one signed with a fragment that is not ours is not.
   */
  @Test
  void theRetryFragmentMayBeSignedOrNotButNoOtherFragment() {
    String url = TestConfig.PUBLIC_BASE_URL + LEG_STATUS + "?" + QUERY;
    String pathAndQuery = LEG_STATUS + "?" + QUERY;

    assertEquals(204, postSignedFor(url + TestConfig.RETRY_FRAGMENT, pathAndQuery, legAnswered()).await().statusCode());
    assertEquals(204, postSignedFor(url, pathAndQuery, legAnswered()).await().statusCode());
    assertEquals(204, postSignedFor(url + "#rc=5&rp=all", pathAndQuery, legAnswered()).await().statusCode());
    assertEquals(403, postSignedFor(url + "#rc=3&rp=5xx", pathAndQuery, legAnswered()).await().statusCode());
    assertEquals(403, postSignedFor(url + "#", pathAndQuery, legAnswered()).await().statusCode());

    assertEquals(3, store.received().size());
  }

  @Test
  void dialOutcomeIsRecordedAndTheCallHungUp() {
    HttpResponse<Buffer> response = postSigned(ApiPaths.DIAL_ACTION + "?" + QUERY, dialNotAnswered()).await();

    assertEquals(200, response.statusCode());
    assertEquals("application/xml", response.getHeader("Content-Type"));
    assertEquals(List.of("Hangup"), Twiml.parse(response.bodyAsString()).verbs());
    CallCallback callback = store.received().get(0);
    assertEquals(CallCallback.Kind.DIAL_ACTION, callback.kind());
    assertEquals("CA1f0000000000000000000000000000aa", callback.callSid());
    assertEquals("CA2b000000000000000000000000000001", callback.legSid());
    assertEquals("no-answer", callback.status());
    assertEquals("DeviceId_0001", callback.client());
  }

  /** The call comes first: the leg callbacks carry the same outcome to the store, durably. */
  @Test
  void dialOutcomeTheStoreRefusesStillGetsItsTwimlAndIsCounted() {
    store.refuses(Refusal.unavailable("store unavailable: queue full"));
    double before = unrecorded("503");

    HttpResponse<Buffer> response = postSigned(ApiPaths.DIAL_ACTION + "?" + QUERY, dialNotAnswered()).await();

    assertEquals(200, response.statusCode());
    assertEquals(List.of("Hangup"), Twiml.parse(response.bodyAsString()).verbs());
    assertEquals(before + 1, unrecorded("503"));
  }

  @Test
  void dialOutcomeTheStoreIsSlowToTakeStillGetsItsTwimlInTime() {
    store.holds(Promise.promise());
    double before = unrecorded("timeout");

    HttpResponse<Buffer> response = postSigned(ApiPaths.DIAL_ACTION + "?" + QUERY, dialNotAnswered()).await();

    assertEquals(200, response.statusCode());
    assertEquals(List.of("Hangup"), Twiml.parse(response.bodyAsString()).verbs());
    assertEquals(before + 1, unrecorded("timeout"));
  }

  @Test
  void unsignedDialOutcomeIsForbiddenAndNeverReachesTheStore() {
    HttpResponse<Buffer> response =
        store.client().post(ApiPaths.DIAL_ACTION + "?" + QUERY).sendForm(dialNotAnswered()).await();

    assertForbidden(response, "missing X-Twilio-Signature");
  }

  @Test
  void unsignedCallbackIsForbiddenAndNeverReachesTheStore() {
    HttpResponse<Buffer> response = store.client().post(LEG_STATUS + "?" + QUERY).sendForm(legAnswered()).await();

    assertForbidden(response, "missing X-Twilio-Signature");
  }

  @Test
  void callbackSignedWithAnotherAuthTokenIsForbidden() {
    MultiMap form = legAnswered();
    String forged = TwilioSignatures.sign("ffffffffffffffffffffffffffffffff",
        TestConfig.PUBLIC_BASE_URL + LEG_STATUS + "?" + QUERY, form);
    HttpResponse<Buffer> response = store.client().post(LEG_STATUS + "?" + QUERY)
        .putHeader("X-Twilio-Signature", forged).sendForm(form).await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  @Test
  void callbackSignedForTheOtherCallbackUrlIsForbidden() {
    HttpResponse<Buffer> response =
        postSignedFor(TestConfig.PUBLIC_BASE_URL + CALL_STATUS, LEG_STATUS, callCompleted()).await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  /** The query names the call's side, and is trusted for it: a changed query is a forged callback. */
  @Test
  void callbackWhoseQueryWasChangedIsForbidden() {
    String otherClient = "direction=incoming&number=%2B815031239999&client=DeviceId_0002";
    HttpResponse<Buffer> response = postSignedFor(TestConfig.PUBLIC_BASE_URL + LEG_STATUS + "?" + QUERY,
        LEG_STATUS + "?" + otherClient, legAnswered()).await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  @Test
  void callbackWhoseBodyWasChangedIsForbidden() {
    MultiMap signed = legAnswered();
    String signature = TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + LEG_STATUS + "?" + QUERY, signed);
    HttpResponse<Buffer> response = store.client().post(LEG_STATUS + "?" + QUERY)
        .putHeader("X-Twilio-Signature", signature)
        .sendForm(legAnswered().set("CallStatus", "completed")).await();

    assertForbidden(response, "invalid X-Twilio-Signature");
  }

  @Test
  void storeThatCannotTakeItNowIs503ForTwilio() {
    store.refuses(Refusal.unavailable("store unavailable: database down"));

    HttpResponse<Buffer> response = postSigned(LEG_STATUS + "?" + QUERY, legAnswered()).await();

    assertEquals(503, response.statusCode());
    assertEquals("service unavailable", response.bodyAsJsonObject().getString("error"), "the reason is for the log");
  }

  @Test
  void callbackTheStoreFindsIncompleteIs400WithItsReason() {
    store.refuses(Refusal.of(400, "the callback has no CallSid"));

    HttpResponse<Buffer> response = postSigned(CALL_STATUS, callCompleted().remove("CallSid")).await();

    assertEquals(400, response.statusCode());
    assertEquals("the callback has no CallSid", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void repeatedQueryParameterIsRefused() {
    HttpResponse<Buffer> response = postSigned(LEG_STATUS + "?" + QUERY + "&client=DeviceId_0002", legAnswered())
        .await();

    assertEquals(400, response.statusCode());
    assertEquals("query string: parameter repeated: client", response.bodyAsJsonObject().getString("error"));
    assertEquals(List.of(), store.received());
  }

  @ParameterizedTest
  @ValueSource(strings = {LEG_STATUS, CALL_STATUS, ApiPaths.DIAL_ACTION})
  void onlyPostIsAllowed(String path) {
    HttpResponse<Buffer> response = store.client().get(path).send().await();

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.getHeader("Allow"));
    assertEquals("no-store", response.getHeader("Cache-Control"), "the APIs' security headers");
  }

  private static void assertForbidden(HttpResponse<Buffer> response, String reason) {
    assertEquals(403, response.statusCode());
    assertEquals(reason, response.bodyAsJsonObject().getString("error"));
    assertEquals(List.of(), store.received(), "nothing reached the store");
  }

  private static double unrecorded(String reason) {
    Counter counter = store.metrics().registry().find("switchboard.dial.outcomes.unrecorded").tag("reason", reason)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private static void awaitReceived(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (store.received().size() < count) {
      assertTrue(System.nanoTime() < deadline, "the store received " + store.received().size() + " callbacks");
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
