package io.switchboard.softphone;

import io.switchboard.http.ApiPaths;
import io.switchboard.support.Browser;
import io.switchboard.support.FakeTwilioRecordings;
import io.switchboard.support.PageUnderTest;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.support.TwilioCallbacks;
import io.switchboard.support.Twiml;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page kept up to date by the server's live events, in headless Chromium against the real server and its real
 * H2 store: calls fed through signed callbacks as Twilio sends them reach open pages without a reload. The Twilio
 * Device's network side is the test double's. Tagged {@value Browser#TAG}.
 */
@Tag(Browser.TAG)
class LivePageTest {

  private static final String BACKGROUND_TAB = "/softphone/background-tab.js";
  private static final String GROUP_NUMBER = "+815031238888";
  private static final String CALLER = "+819059876543";
  /** A number whose one device is a page, with voicemail when it is not open. */
  private static final String DESK_NUMBER = "+815031236666";
  /** A number of its own, whose voicemails no other test lists. */
  private static final String NIGHT_NUMBER = "+815031237777";

  private static FakeTwilioRecordings recordings;
  @RegisterExtension
  static final PageUnderTest page = PageUnderTest.serving((vertx, config) -> {
    recordings = FakeTwilioRecordings.start(vertx).await();
    config.getJsonObject("twilio").put("apiBaseUrl", recordings.baseUrl());
    config.getJsonObject("directory").getJsonArray("entries")
        .add(new JsonObject().put("phoneNumber", "+81-50-3123-8888")
            .put("clients", new JsonArray().add("alice-phone").add("alice-laptop")))
        .add(new JsonObject().put("phoneNumber", "+81-50-3123-4000").put("clientName", "aiko-laptop"))
        .add(new JsonObject().put("phoneNumber", "+81-50-3123-4001").put("clientName", "aiko-laptop"))
        .add(new JsonObject().put("phoneNumber", "+81-50-3123-6666").put("clientName", "front-desk")
            .put("fallback", new JsonObject().put("voicemail", new JsonObject())))
        .add(new JsonObject().put("phoneNumber", "+81-50-3123-7777").put("clientName", "night-desk")
            .put("fallback", new JsonObject().put("voicemail", new JsonObject())));
  });
  private static TestServer server;
  private static TwilioCallbacks twilio;

  @BeforeAll
  static void callbacks() {
    server = page.server();
    twilio = new TwilioCallbacks(server);
  }

  /** A page signed in to {@code number} (as {@code client} when the number rings several), live. */
  private Browser signedIn(String number, String client) {
    Browser browser = page.browser(PageUnderTest.TEST_DOUBLE, BACKGROUND_TAB);
    browser.open(page.origin() + "/?number=" + number.replace("+", "%2B")
        + (client == null ? "" : "&client=" + client));
    browser.element("connect").click();
    browser.waitForStatus("Ready");
    browser.waitUntil("the live events", () -> browser.text("live").equals("Live updates on"));
    return browser;
  }

  @Test
  void aMissedCallAppearsWithoutReloadAndABackgroundTabSaysSoInItsTitleAndANotification() {
    Browser browser = signedIn(TestConfig.TWILIO_NUMBER, null);
    browser.js("window.backgroundTab.hide();");

    twilio.missedIncomingCall(TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, CALLER, Instant.now());

    browser.waitUntil("the missed call in the history", () -> !browser.history().isEmpty()
        && browser.history().get(0).equals(List.of("+81 90 5987 6543", browser.history().get(0).get(1),
            "Incoming · Missed")));
    browser.waitUntil("the notification", () -> (Long) browser.js("return window.backgroundTab.notifications.length;") == 1);
    assertEquals(List.of("Missed call", "+81 90 5987 6543", "switchboard-missed"), browser.js(
        "const n = window.backgroundTab.notifications[0]; return [n.title, n.body, n.tag];"));
    assertEquals("(1) Missed call – Switchboard softphone", browser.js("return document.title;"));

    browser.js("window.backgroundTab.show();");
    assertEquals("Switchboard softphone", browser.js("return document.title;"));
  }

  @Test
  void aCallMissedWhileTheTabIsInFrontNotifiesNobody() {
    Browser browser = signedIn(TestConfig.TWILIO_NUMBER, null);

    twilio.missedIncomingCall(TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, "+819011112222", Instant.now());

    browser.waitUntil("the missed call", () -> !browser.history().isEmpty()
        && browser.history().get(0).get(0).equals("+81 90 1111 2222"));
    assertEquals(0L, browser.js("return window.backgroundTab.notifications.length;"));
    assertEquals("Switchboard softphone", browser.js("return document.title;"));
  }

  @Test
  void aVoicemailAppearsLivePlaysItsRecordingIsMarkedHeardAndDeleted() {
    Browser browser = signedIn(TestConfig.TWILIO_NUMBER, null);
    String call = twilio.missedIncomingCall(TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, "+819033334444", Instant.now());
    String recording = twilio.voicemail(TestConfig.TWILIO_NUMBER, call, "+819033334444", 14);
    recordings.add(recording);

    browser.waitUntil("the voicemail", () -> browser.voicemails().size() == 1);
    assertEquals(List.of("+81 90 3333 4444", browser.voicemails().get(0).get(1), "0:14 · New"),
        browser.voicemails().get(0));
    assertEquals("1 unheard", browser.js("return document.getElementById('voicemail-unheard').textContent;"));
    browser.waitUntil("the voicemail marker in the history", () -> !browser.history().isEmpty()
        && browser.history().get(0).get(2).equals("Incoming · MissedVoicemail"));

    browser.element("voicemails").findElement(By.className("play")).click();
    browser.waitUntil("the recording to play", () -> (Boolean) browser.js(
        "const audio = document.querySelector('#voicemails audio');"
            + "return audio !== null && audio.error === null && audio.duration > 0 && audio.currentTime > 0;"));
    browser.waitUntil("the voicemail marked heard", () -> !browser.element("voicemail-unheard").isDisplayed());
    assertEquals("0:14", browser.voicemails().get(0).get(2));
    assertEquals(true, listedVoicemail(recording).getBoolean("heard"), "heard on the server");

    browser.element("voicemails").findElement(By.className("delete")).click();
    browser.waitUntil("the voicemail gone", () -> browser.voicemails().isEmpty());
    assertEquals(null, listedVoicemail(recording), "deleted on the server");
    assertEquals("No voicemail yet.", browser.text("voicemails-empty"));
  }

  @Test
  void aVoicemailHeardOrDeletedOnAnotherPageOfTheClientIsShownSoWithoutReload() {
    Browser browser = signedIn(NIGHT_NUMBER, null);
    String first = twilio.voicemail(NIGHT_NUMBER, twilio.missedIncomingCall(NIGHT_NUMBER, "night-desk",
        "+819055556666", Instant.now().minusSeconds(60)), "+819055556666", 9);
    String second = twilio.voicemail(NIGHT_NUMBER, twilio.missedIncomingCall(NIGHT_NUMBER, "night-desk",
        "+819077778888", Instant.now()), "+819077778888", 12);
    browser.waitUntil("both voicemails", () -> browser.voicemails().size() == 2);
    assertEquals("2 unheard", browser.js("return document.getElementById('voicemail-unheard').textContent;"));

    // What another page of night-desk does when it plays the first and deletes the second.
    String token = server.accessToken(NIGHT_NUMBER).await();
    assertEquals(204, server.client().post("/api/voicemails/" + first + "/heard")
        .putHeader("Authorization", "Bearer " + token).send().await().statusCode());
    browser.waitUntil("the first shown heard", () -> browser.voicemails().get(1).get(2).equals("0:09"));
    assertEquals("1 unheard", browser.js("return document.getElementById('voicemail-unheard').textContent;"));

    assertEquals(204, server.client().delete("/api/voicemails/" + second)
        .putHeader("Authorization", "Bearer " + token).send().await().statusCode());
    browser.waitUntil("the second gone", () -> browser.voicemails().size() == 1);
    assertEquals("+81 90 5555 6666", browser.voicemails().get(0).get(0));
    assertFalse(browser.element("voicemail-unheard").isDisplayed(), "nothing left unheard");
  }

  /**
   * docs/softphone.png, taken here from a day of calls fed through the callbacks (copy target/softphone-wide.png
   * there when the page's look changes): a desktop-wide window puts the phone beside voicemail and history.
   */
  @Test
  void aDesktopWindowShowsThePhoneBesideVoicemailAndHistory() {
    String aiko = "+815031234000";
    Instant morning = Instant.now().minus(Duration.ofHours(5));
    twilio.answeredIncomingCall(aiko, "aiko-laptop", "+81312345678", morning.minus(Duration.ofDays(1)), 312);
    twilio.outgoingCall(aiko, "aiko-laptop", "+14155550123", morning.minus(Duration.ofHours(20)), 1260);
    twilio.answeredIncomingCall(aiko, "aiko-laptop", "+819012345678", morning, 95);
    twilio.outgoingCall(aiko, "aiko-laptop", "+442071234567", morning.plus(Duration.ofMinutes(40)), 488);
    String left = twilio.missedIncomingCall(aiko, "aiko-laptop", "+819087654321", morning.plus(Duration.ofHours(2)));
    recordings.add(twilio.voicemail(aiko, left, "+819087654321", 23));
    twilio.answeredIncomingCall(aiko, "aiko-laptop", "+81663456789", morning.plus(Duration.ofHours(3)), 41);
    Browser browser = signedIn(aiko, null);
    String caller = twilio.missedIncomingCall(aiko, "aiko-laptop", "+33142685300", Instant.now());
    recordings.add(twilio.voicemail(aiko, caller, "+33142685300", 9));
    browser.waitUntil("both voicemails", () -> browser.voicemails().size() == 2);
    browser.element("phone-number").sendKeys("+81 90 5987 6543");
    browser.element("call").click();
    browser.waitUntil("the call", () -> (Long) browser.js("return window.twilioTestDouble.devices[0].calls.length;") == 1);
    browser.waitForStatus("Ringing +81 90 5987 6543");
    browser.js("window.twilioTestDouble.answerOutgoing();");
    browser.waitForStatus("In call with +81 90 5987 6543");

    browser.resize(1280, 1100);
    browser.waitUntil("the history", () -> browser.history().size() == 7);
    assertEquals(true, browser.js("const phone = document.getElementById('dial').getBoundingClientRect();"
        + "return ['voicemail-title', 'history-title'].every(id =>"
        + " document.getElementById(id).getBoundingClientRect().left >= phone.right);"), "beside the phone");
    browser.screenshot(Path.of("target", "softphone-wide.png"));
  }

  /** The voicemail as the API lists it to the number's client, or null. */
  private static JsonObject listedVoicemail(String id) {
    String token = server.accessToken(TestConfig.TWILIO_NUMBER).await();
    return server.client().get("/api/voicemails?limit=100").putHeader("Authorization", "Bearer " + token).send()
        .await().bodyAsJsonObject().getJsonArray("voicemails").stream().map(JsonObject.class::cast)
        .filter(voicemail -> voicemail.getString("id").equals(id)).findFirst().orElse(null);
  }

  @Test
  void aCallGoesToVoicemailWhileNoPageIsOpenAndRingsThePageOnceItIs() {
    assertEquals(List.of("Say", "Record"), incomingCall(DESK_NUMBER).verbs().subList(0, 2), "nobody online");

    Browser browser = signedIn(DESK_NUMBER, null);
    Twiml rings = incomingCall(DESK_NUMBER);
    assertEquals(List.of("Client:front-desk"), rings.dialed());

    browser.element("sign-out").click();
    browser.waitForStatus("Signed out");
    browser.waitUntil("the server to hear that the page left",
        () -> incomingCall(DESK_NUMBER).verbs().contains("Record"));
  }

  private static Twiml incomingCall(String number) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallSid", TwilioCallbacks.sid("CA"))
        .add("CallStatus", "ringing")
        .add("Direction", "inbound")
        .add("From", CALLER)
        .add("To", number);
    HttpResponse<Buffer> twiml = server.postSignedWebhook(ApiPaths.CALL_INCOMING, form).await();
    assertEquals(200, twiml.statusCode(), twiml.bodyAsString());
    return Twiml.parse(twiml.bodyAsString());
  }

  @Test
  void twoDevicesOfOneNumberSeeWhichOfThemAnswered() {
    Browser phone = signedIn(GROUP_NUMBER, "alice-phone");
    Browser laptop = signedIn(GROUP_NUMBER, "alice-laptop");
    for (Browser ringing : List.of(phone, laptop)) {
      ringing.js("window.twilioTestDouble.incoming('" + CALLER + "');");
      ringing.waitUntil("the incoming banner", () -> ringing.element("incoming").isDisplayed());
    }
    phone.element("accept").click();
    phone.waitForStatus("In call with +81 90 5987 6543");

    twilio.answeredIncomingCall(GROUP_NUMBER, List.of("alice-phone", "alice-laptop"), "alice-phone", CALLER,
        Instant.now(), 30);

    laptop.waitForStatus("The call from +81 90 5987 6543 was answered on alice-phone.");
    assertFalse(laptop.element("incoming").isDisplayed(), "no longer rings on the laptop");
    assertEquals("Answered on alice-phone", laptop.callLog().get(0).get(3));
    laptop.waitUntil("the laptop's history", () -> !laptop.history().isEmpty()
        && laptop.history().get(0).get(2).equals("Incoming · 0:30 · Answered on alice-phone"));
    phone.waitUntil("the phone's history", () -> !phone.history().isEmpty()
        && phone.history().get(0).get(2).equals("Incoming · 0:30 · Answered"));
    assertTrue(phone.text("status").startsWith("In call with"), "the call under way keeps the status line");
  }
}
