package io.switchboard.api;

import io.switchboard.support.RunningServerTest;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TwilioSignatures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.switchboard.http.ApiPaths.LEG_STATUS;
import static io.switchboard.http.ApiPaths.RECORDING_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voicemail on the running server and its real store: recordings come in through the signed recording status
 * callback, as the voicemail's {@code <Record>} has Twilio send them, and are read back through
 * {@code /api/voicemails} with access tokens from the real token API.
 */
class VoicemailsApiTest extends RunningServerTest {

  private static final String CALLER = "+819012345678";
  private static String clientToken;
  private static String otherClientToken;

  @BeforeAll
  static void issueTokens() {
    clientToken = server.accessToken(TestConfig.TWILIO_NUMBER).await();
    otherClientToken = server.accessToken(TestConfig.OTHER_TWILIO_NUMBER).await();
  }

  @Test
  void aCompletedRecordingIsListedForTheNumbersClientAndNoOneElse() {
    String call = sid("CA");
    String recording = sid("RE");
    Instant before = Instant.now();

    assertEquals(204, postRecording(TestConfig.TWILIO_NUMBER, recording(call, recording, "completed", "17")).statusCode());

    JsonObject listed = find(clientToken, recording);
    assertNotNull(listed, "listed for the number's client");
    assertEquals(List.of("audioUrl", "callSid", "durationSeconds", "from", "heard", "id", "receivedAt", "to"),
        listed.fieldNames().stream().sorted().toList());
    assertEquals(call, listed.getString("callSid"));
    assertEquals(CALLER, listed.getString("from"));
    assertEquals(TestConfig.TWILIO_NUMBER, listed.getString("to"));
    assertEquals(17, listed.getInteger("durationSeconds"));
    Instant received = Instant.parse(listed.getString("receivedAt"));
    assertFalse(received.isBefore(before.minusMillis(1)) || received.isAfter(Instant.now()), received.toString());
    assertNull(find(otherClientToken, recording), "never another client's");
  }

  @Test
  void eachClientSeesOnlyTheVoicemailsOfItsOwnNumbers() {
    String theirs = sid("RE");
    assertEquals(204, postRecording(TestConfig.OTHER_TWILIO_NUMBER,
        recording(sid("CA"), theirs, "completed", "4")).statusCode());

    assertNotNull(find(otherClientToken, theirs));
    assertNull(find(clientToken, theirs));
    JsonArray others = ok(get("/api/voicemails?limit=100", otherClientToken)).getJsonArray("voicemails");
    assertTrue(others.stream().allMatch(voicemail ->
        ((JsonObject) voicemail).getString("to").equals(TestConfig.OTHER_TWILIO_NUMBER)), others.encode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"absent/0", "absent/", "completed/0", "in-progress/12"})
  void anAbsentOrTooShortRecordingIsAcknowledgedButIsNoVoicemail(String statusAndDuration) {
    String[] parts = statusAndDuration.split("/", -1);
    String recording = sid("RE");

    assertEquals(204, postRecording(TestConfig.TWILIO_NUMBER, recording(sid("CA"), recording, parts[0], parts[1]))
        .statusCode());

    assertNull(find(clientToken, recording));
  }

  @Test
  void aRepeatedCallbackChangesNothing() {
    String recording = sid("RE");
    MultiMap form = recording(sid("CA"), recording, "completed", "8");
    assertEquals(204, postRecording(TestConfig.TWILIO_NUMBER, form).statusCode());
    JsonObject first = find(clientToken, recording);

    assertEquals(204, postRecording(TestConfig.TWILIO_NUMBER, form).statusCode());
    assertEquals(204, postRecording(TestConfig.TWILIO_NUMBER, form.set("RecordingDuration", "9")).statusCode());

    JsonArray all = ok(get("/api/voicemails?limit=100", clientToken)).getJsonArray("voicemails");
    assertEquals(1, all.stream().filter(voicemail -> ((JsonObject) voicemail).getString("id").equals(recording))
        .count());
    assertEquals(first, find(clientToken, recording));
  }

  @Test
  void aForgedCallbackIs403AndStoresNothing() {
    String recording = sid("RE");
    MultiMap form = recording(sid("CA"), recording, "completed", "30");
    String path = path(TestConfig.TWILIO_NUMBER);

    HttpResponse<Buffer> unsigned = server.post(path).sendForm(form).await();
    HttpResponse<Buffer> wrongKey = server.post(path).putHeader("X-Twilio-Signature",
        TwilioSignatures.sign("0".repeat(32), TestConfig.PUBLIC_BASE_URL + path, form)).sendForm(form).await();
    // Signed for one number, sent for another: the query is part of what is signed.
    HttpResponse<Buffer> otherQuery = server.post(path(TestConfig.OTHER_TWILIO_NUMBER)).putHeader("X-Twilio-Signature",
        TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + path, form)).sendForm(form).await();

    for (HttpResponse<Buffer> forged : List.of(unsigned, wrongKey, otherQuery)) {
      assertEquals(403, forged.statusCode());
    }
    assertNull(find(clientToken, recording));
    assertNull(find(otherClientToken, recording));
  }

  @Test
  void aCallbackThatLacksWhatItNeedsIs400() {
    MultiMap noRecording = recording(sid("CA"), "", "completed", "5");
    MultiMap notAnSid = recording("CA-1", sid("RE"), "completed", "5");

    assertEquals(400, postRecording(TestConfig.TWILIO_NUMBER, noRecording).statusCode());
    assertEquals(400, postRecording(TestConfig.TWILIO_NUMBER, notAnSid).statusCode());
  }

  @Test
  void theCallThatWentToVoicemailSaysSoInTheCallHistory() {
    String call = sid("CA");
    String recording = sid("RE");
    String legStatus = LEG_STATUS + "?direction=incoming&number=" + encode(TestConfig.TWILIO_NUMBER) + "&client="
        + TestConfig.CLIENT;
    MultiMap noAnswer = MultiMap.caseInsensitiveMultiMap()
        .add("CallSid", sid("CA")).add("ParentCallSid", call).add("CallStatus", "no-answer")
        .add("SequenceNumber", "1").add("From", CALLER).add("To", "client:" + TestConfig.CLIENT);
    assertEquals(204, server.postSignedWebhook(legStatus, noAnswer).await().statusCode());
    assertEquals(204, postRecording(TestConfig.TWILIO_NUMBER, recording(call, recording, "completed", "6")).statusCode());

    JsonObject inHistory = ok(get("/api/calls?limit=100", clientToken)).getJsonArray("calls").stream()
        .map(JsonObject.class::cast).filter(found -> found.getString("callSid").equals(call)).findFirst().orElseThrow();
    assertEquals(recording, inHistory.getString("voicemail"));
    assertEquals(recording, ok(get("/api/calls/" + call, clientToken)).getString("voicemail"));
  }

  @Test
  void pagesComeNewestFirstThroughNext() {
    for (int i = 0; i < 5; i++) {
      postRecording(TestConfig.TWILIO_NUMBER, recording(sid("CA"), sid("RE"), "completed", "3"));
    }
    JsonObject first = ok(get("/api/voicemails?limit=2", clientToken));
    JsonObject second = ok(get("/api/voicemails?limit=2&cursor=" + first.getString("next"), clientToken));

    List<String> times = List.of(first, second).stream()
        .flatMap(page -> page.getJsonArray("voicemails").stream())
        .map(voicemail -> ((JsonObject) voicemail).getString("receivedAt")).toList();
    assertEquals(4, times.size());
    assertEquals(times.stream().sorted((a, b) -> Instant.parse(b).compareTo(Instant.parse(a))).toList(), times);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=101", "limit=ten", "limit=5&limit=6", "cursor=", "cursor=not-ours"})
  void badPagingIsA400(String query) {
    assertEquals(400, get("/api/voicemails?" + query, clientToken).statusCode());
  }

  @Test
  void withoutATokenOrWithAnotherMethodTheVoicemailsAreRefused() {
    HttpResponse<Buffer> none = server.client().get("/api/voicemails").send().await();
    HttpResponse<Buffer> posted = server.client().post("/api/voicemails")
        .putHeader("Authorization", "Bearer " + clientToken).send().await();

    assertEquals(401, none.statusCode());
    assertEquals("application/json", none.getHeader("Content-Type"));
    assertEquals(405, posted.statusCode());
    assertEquals("GET", posted.getHeader("Allow"));
  }

  // ---- as Twilio and the page send them

  /** What Twilio posts to the {@code <Record>}'s recordingStatusCallback. */
  private static MultiMap recording(String call, String recording, String status, String duration) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallSid", call)
        .add("RecordingSid", recording)
        .add("RecordingUrl", "https://recordings.test/Recordings/" + recording)
        .add("RecordingStatus", status)
        .add("RecordingDuration", duration)
        .add("RecordingChannels", "1")
        .add("RecordingSource", "RecordVerb")
        .add("RecordingStartTime", "Mon, 30 Nov 2026 01:00:00 +0000");
  }

  /** The recording status callback's path as the voicemail's TwiML writes it for {@code number}. */
  private static String path(String number) {
    return RECORDING_STATUS + "?direction=incoming&number=" + encode(number) + "&from=" + encode(CALLER);
  }

  private static HttpResponse<Buffer> postRecording(String number, MultiMap form) {
    return server.postSignedWebhook(path(number), form).await();
  }

  /** The voicemail {@code id} among the token's client's, or null. */
  private static JsonObject find(String token, String id) {
    return ok(get("/api/voicemails?limit=100", token)).getJsonArray("voicemails").stream()
        .map(JsonObject.class::cast).filter(voicemail -> voicemail.getString("id").equals(id))
        .findFirst().orElse(null);
  }

  private static HttpResponse<Buffer> get(String path, String token) {
    return server.client().get(path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String sid(String prefix) {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return prefix + HexFormat.of().formatHex(random);
  }
}
