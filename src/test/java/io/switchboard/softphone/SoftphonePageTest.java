package io.switchboard.softphone;

import io.switchboard.support.Browser;
import io.switchboard.support.Jwts;
import io.switchboard.support.PageUnderTest;
import io.switchboard.support.TestConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The softphone page in headless Chromium against the real server. One test runs the real Twilio Voice SDK as far
 * as these machines let it (Twilio's cloud is out of reach); the others replace only the Device's network side with
 * twilio-device-test-double.js, and drive calls through it. Tagged {@value Browser#TAG}: {@code
 * -DexcludedGroups=browser} skips it on a machine without Chromium.
 */
@Tag(Browser.TAG)
class SoftphonePageTest {

  private static final String TEST_DOUBLE = PageUnderTest.TEST_DOUBLE;
  private static final String OUTSIDE_NUMBER = "+819059876543";

  /** Another web server that hosts the same page files, as an operator's own site would. */
  private static final int elsewherePort = TestConfig.freePort();
  @RegisterExtension
  static final PageUnderTest page = PageUnderTest.serving(config -> config.getJsonObject("http")
      .getJsonObject("cors").getJsonArray("allowedOrigins").add("http://127.0.0.1:" + elsewherePort));

  private Browser browser;

  @BeforeAll
  static void deployElsewhere() {
    // The webroot folder, and the jar's copy on the class path for the vendored SDK.
    Router site = Router.router(page.vertx());
    site.route().handler(StaticHandler.create("webroot"));
    page.vertx().createHttpServer().requestHandler(site).listen(elsewherePort, "127.0.0.1").await();
  }

  private static String origin() {
    return page.origin();
  }

  private Browser browser(String... scripts) {
    return browser(true, scripts);
  }

  private Browser browser(boolean microphoneAllowed, String... scripts) {
    browser = page.browser(microphoneAllowed, scripts);
    return browser;
  }

  private void signIn(String number) {
    browser.open(origin() + "/");
    browser.element("twilio-number").sendKeys(number);
    browser.element("connect").click();
  }

  private void signedInWithTheTestDouble() {
    browser(TEST_DOUBLE);
    signIn("+81 50 3123 4567");
    browser.waitForStatus("Ready: calls to +81 50 3123 4567 ring here (" + TestConfig.CLIENT + ")");
  }

  private Object testDouble(String expression) {
    return browser.js("return window.twilioTestDouble." + expression + ";");
  }

  @Test
  void theRealSdkGetsARealTokenAndThePageSaysPlainlyThatTwilioIsUnreachable() {
    browser("/softphone/device-spy.js");
    browser.open(origin() + "/");
    browser.waitUntil("the real SDK's Twilio.Device", () -> "function".equals(browser.js("return typeof window.Twilio.Device;")));
    assertTrue((Boolean) browser.js("return window.Twilio.Device.toString().length > 0 && !window.twilioTestDouble;"));
    signIn("050-3123-4567");
    browser.waitUntil("the Device to be constructed", () -> (Long) browser.js("return window.deviceTokens.length;") > 0);
    String token = (String) browser.js("return window.deviceTokens[0];");
    Jwts.Jwt access = Jwts.verify(token, TestConfig.API_KEY_SECRET);
    assertEquals(TestConfig.CLIENT, access.claims().getJsonObject("grants").getString("identity"));
    // Nothing may hang silently: the page says Twilio is out of reach, within its register timeout.
    browser.waitUntil("the page to say Twilio is unreachable",
        () -> browser.text("status").contains("Offline") || browser.text("status").startsWith("Ready"));
    assertTrue(browser.text("status").startsWith("Offline: "), browser.text("status"));
    assertTrue(browser.element("message").isDisplayed());
    assertTrue(browser.text("message").contains("Twilio"), browser.text("message"));
  }

  @Test
  void anOutgoingCallDialsTheNumberInE164WithMuteDtmfTimerAndLog() {
    signedInWithTheTestDouble();
    WebElement number = browser.element("phone-number");
    number.sendKeys("090-5987-6543");
    browser.waitUntil("the hint to show the number", () -> browser.text("phone-number-hint").contains("+81 90 5987 6543"));
    assertEquals("false", number.getAttribute("aria-invalid"));
    browser.element("call").click();
    browser.waitUntil("the call to be placed", () -> testDouble("devices[0].calls.length").equals(1L));
    assertEquals(OUTSIDE_NUMBER, testDouble("lastCall().connectParams.To"));
    browser.waitForStatus("Ringing +81 90 5987 6543");

    browser.js("window.twilioTestDouble.answerOutgoing();");
    browser.waitForStatus("In call with +81 90 5987 6543");
    browser.waitUntil("the call timer to run", () -> !browser.element("call-timer").getText().equals("00:00"));
    browser.element("mute").click();
    assertEquals(true, testDouble("lastCall().isMuted()"));
    assertEquals("true", browser.element("mute").getAttribute("aria-pressed"));
    browser.element("dial-pad").findElement(By.cssSelector("[data-digit='5']")).click();
    browser.element("dial-pad").findElement(By.cssSelector("[data-digit='#']")).click();
    assertEquals("5#", testDouble("lastCall().digits"));
    browser.screenshot(Path.of("target", "softphone.png"));
    assertTrue(browser.element("call").getAttribute("disabled") != null, "no second call during a call");

    browser.element("hangup").click();
    assertEquals("closed", testDouble("lastCall().status()"));
    browser.waitForStatus("Ready");
    List<String> row = browser.callLog().get(0);
    assertEquals(List.of("Outgoing", "+81 90 5987 6543"), row.subList(0, 2));
    assertTrue(row.get(2).matches("00:0[0-9]"), row.toString());
    assertEquals("Answered", row.get(3));
    assertEquals("00:00", browser.element("call-timer").getText());
  }

  @Test
  void anIncomingCallRingsWithTheCallersNumberAndCanBeAnswered() {
    signedInWithTheTestDouble();
    browser.js("window.twilioTestDouble.incoming('" + OUTSIDE_NUMBER + "');");
    browser.waitUntil("the incoming banner", () -> browser.element("incoming").isDisplayed());
    assertEquals("+81 90 5987 6543", browser.text("incoming-from"));
    assertTrue(browser.js("return document.title;").toString().startsWith("Incoming call from"));
    assertEquals("accept", browser.js("return document.activeElement.id;"), "focus goes to Answer");
    browser.element("accept").click();
    assertEquals("open", testDouble("lastCall().status()"));
    browser.waitForStatus("In call with +81 90 5987 6543");
    assertFalse(browser.element("incoming").isDisplayed());
    browser.js("window.twilioTestDouble.remoteHangUp();");
    browser.waitForStatus("Ready");
    assertEquals(List.of("Incoming", "+81 90 5987 6543"), browser.callLog().get(0).subList(0, 2));
    assertEquals("Answered", browser.callLog().get(0).get(3));
  }

  @Test
  void anIncomingCallToABackgroundTabAlsoNotifiesAndTheNotificationBringsTheTabBack() {
    browser(TEST_DOUBLE, "/softphone/background-tab.js");
    signIn("+81 50 3123 4567");
    browser.waitForStatus("Ready");
    assertEquals("granted", browser.js("return window.backgroundTab.permission();"), "permission asked at sign-in");

    browser.js("window.twilioTestDouble.incoming('" + OUTSIDE_NUMBER + "');");
    browser.waitUntil("the incoming banner", () -> browser.element("incoming").isDisplayed());
    assertEquals(0L, browser.js("return window.backgroundTab.notifications.length;"), "no notification in front");
    browser.element("reject").click();

    browser.js("window.backgroundTab.hide();");
    browser.js("window.twilioTestDouble.incoming('+14155550123');");
    browser.waitUntil("the notification", () -> (Long) browser.js("return window.backgroundTab.notifications.length;") == 1);
    assertEquals(List.of("Incoming call", "+1 415 555 0123", "switchboard-incoming", false), browser.js(
        "const n = window.backgroundTab.notifications[0]; return [n.title, n.body, n.tag, n.closed];"));
    browser.js("window.backgroundTab.notifications[0].onclick();");
    assertEquals(true, browser.js("return window.backgroundTab.notifications[0].closed;"));
    assertTrue(browser.element("incoming").isDisplayed(), "the call still rings in the page");
  }

  @Test
  void anIncomingCallCanBeDeclinedOrMissed() {
    signedInWithTheTestDouble();
    browser.js("window.twilioTestDouble.incoming('" + OUTSIDE_NUMBER + "');");
    browser.waitUntil("the incoming banner", () -> browser.element("incoming").isDisplayed());
    browser.element("reject").click();
    assertEquals("closed", testDouble("lastCall().status()"));
    assertFalse(browser.element("incoming").isDisplayed());
    assertEquals("Declined", browser.callLog().get(0).get(3));

    browser.js("window.twilioTestDouble.incoming('+14155550123');");
    browser.waitUntil("the incoming banner", () -> browser.element("incoming").isDisplayed());
    browser.js("window.twilioTestDouble.callerCancels();");
    browser.waitUntil("the banner to go", () -> !browser.element("incoming").isDisplayed());
    assertEquals(List.of("Incoming", "+1 415 555 0123", "—", "Missed"), browser.callLog().get(0));
    browser.waitForStatus("Ready");
  }

  @Test
  void theMicrophoneAndSpeakerCanBeChosen() {
    signedInWithTheTestDouble();
    new Select(browser.element("microphone")).selectByVisibleText("Test double headset microphone");
    browser.waitUntil("the microphone in use", () -> "headset-mic".equals(testDouble("device().audio.inputDevice.deviceId")));
    new Select(browser.element("speaker")).selectByVisibleText("Test double headset");
    browser.waitUntil("the speaker in use", () -> "headset".equals(testDouble("device().audio.speaker")));
  }

  @Test
  void theTokenIsRenewedFromTheServerBeforeItExpires() {
    signedInWithTheTestDouble();
    long issuedBefore = tokensIssued();
    browser.js("window.twilioTestDouble.tokenWillExpire();");
    browser.waitUntil("a new token", () -> testDouble("device().tokens.length").equals(2L));
    String renewed = (String) testDouble("device().tokens[1]");
    Jwts.Jwt access = Jwts.verify(renewed, TestConfig.API_KEY_SECRET);
    assertEquals(TestConfig.CLIENT, access.claims().getJsonObject("grants").getString("identity"));
    assertEquals(issuedBefore + 1, tokensIssued(), "the new token came from the server");
  }

  /** The server's own count of tokens issued, from its Prometheus metrics. */
  private static long tokensIssued() {
    String metrics = page.server().client().get("/metrics").send().await().bodyAsString();
    Matcher issued = Pattern.compile("switchboard_tokens_total\\{outcome=\"issued\"} ([0-9.E]+)").matcher(metrics);
    return issued.find() ? (long) Double.parseDouble(issued.group(1)) : 0;
  }

  @Test
  void aRefusedMicrophoneIsExplainedWhenCallingAndWhenTesting() {
    browser(false, TEST_DOUBLE);
    signIn("+81 50 3123 4567");
    browser.waitForStatus("Ready");
    browser.element("phone-number").sendKeys(OUTSIDE_NUMBER);
    browser.element("call").click();
    browser.waitUntil("the microphone message", () -> browser.text("message").contains("Microphone access was refused"));
    browser.waitForStatus("Ready");
    assertEquals("Failed", browser.callLog().get(0).get(3));

    browser.js("document.getElementById('message').hidden = true;");
    browser.element("test-microphone").click();
    browser.waitUntil("the microphone message", () -> browser.element("message").isDisplayed()
        && browser.text("message").contains("Microphone access was refused"));
  }

  @Test
  void aTokenTwilioRefusesIsSaidPlainly() {
    browser(TEST_DOUBLE);
    browser.open(origin() + "/?number=%2B815031234567");
    browser.js("window.twilioTestDouble.registration = 'refuse-token';");
    browser.element("connect").click();
    browser.waitForStatus("Offline: Twilio refused the token.");
    assertTrue(browser.text("message").contains("Twilio refused or expired the token"), browser.text("message"));
    assertTrue(browser.element("call").getAttribute("disabled") == null || !browser.text("status").startsWith("Ready"));
  }

  @Test
  void unregisteredNumbersAndInvalidDestinationsGetClearMessages() {
    browser(TEST_DOUBLE);
    signIn("+81 50 1234 9876");
    browser.waitUntil("the refusal", () -> browser.text("message").contains("is not registered"));
    assertTrue(browser.text("status").startsWith("Signed out"), browser.text("status"));

    browser.element("twilio-number").clear();
    browser.element("twilio-number").sendKeys("+81 50 3123 4567");
    browser.element("connect").click();
    browser.waitForStatus("Ready");
    browser.element("phone-number").sendKeys("12");
    assertEquals("true", browser.element("phone-number").getAttribute("aria-invalid"));
    browser.element("call").click();
    assertTrue(browser.text("message").contains("valid phone number"), browser.text("message"));
    assertEquals(0L, testDouble("device().calls.length"));
  }

  @Test
  void aPageHostedElsewhereSignsInThroughCors() {
    browser(TEST_DOUBLE);
    browser.open("http://127.0.0.1:" + elsewherePort + "/?api=" + origin() + "&number=%2B815031234567");
    browser.element("connect").click();
    browser.waitForStatus("Ready");
    assertEquals(origin(), browser.element("api-base").getAttribute("value"));
  }

  @Test
  void aPageFromAnOriginTheServerDoesNotAllowIsRefused() {
    browser(TEST_DOUBLE);
    // The same site under another name: an origin that is not on the server's CORS list.
    browser.open("http://localhost:" + elsewherePort + "/?api=" + origin() + "&number=%2B815031234567");
    browser.element("connect").click();
    browser.waitUntil("the refusal", () -> browser.text("message").contains("Cannot reach the Switchboard server at "
        + origin()));
    assertTrue(browser.text("status").startsWith("Signed out"), browser.text("status"));
    assertEquals(0L, testDouble("devices.length"));
  }

  @Test
  void everyControlHasALabelAndSigningInWorksFromTheKeyboard() {
    browser(TEST_DOUBLE);
    browser.open(origin() + "/");
    Long unlabelled = (Long) browser.js("return Array.from(document.querySelectorAll('input, select, meter'))"
        + ".filter(e => e.labels.length === 0).length;");
    assertEquals(0L, unlabelled);
    Long unnamedButtons = (Long) browser.js("return Array.from(document.querySelectorAll('button'))"
        + ".filter(b => !b.textContent.trim() && !b.getAttribute('aria-label')).length;");
    assertEquals(0L, unnamedButtons);
    assertEquals("polite", browser.element("status").getAttribute("aria-live"));

    // Tab from the top of the page reaches the number field first, then the secret, then signs in with Enter.
    browser.js("document.activeElement.blur();");
    browser.element("twilio-number").sendKeys("+81 50 3123 4567");
    browser.element("twilio-number").sendKeys(Keys.TAB);
    assertEquals("secret", browser.js("return document.activeElement.id;"));
    browser.element("secret").sendKeys(Keys.ENTER);
    browser.waitForStatus("Ready");
  }
}
