package io.switchboard.softphone;

import io.switchboard.support.Browser;
import io.switchboard.support.PageUnderTest;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TwilioCallbacks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the page keeps for the person, in headless Chromium against the real server and its real H2 store: the call
 * history fed through signed callbacks as Twilio sends them, the caller-ID picker of a client with several numbers,
 * a device that names itself on a number that rings several, and the wide layout. The Twilio Device's network side
 * is the test double's. Tagged {@value Browser#TAG}.
 */
@Tag(Browser.TAG)
class RecordsPageTest {

  /** A second number of {@link TestConfig#CLIENT}, which it may show when calling. */
  private static final String SUPPORT_NUMBER = "+815031237000";
  /** A number that rings two devices of one person. */
  private static final String GROUP_NUMBER = "+815031238888";

  @RegisterExtension
  static final PageUnderTest page = PageUnderTest.serving(config -> config.getJsonObject("directory")
      .getJsonArray("entries")
      .add(new JsonObject().put("phoneNumber", "+81-50-3123-7000").put("clientName", TestConfig.CLIENT))
      .add(new JsonObject().put("phoneNumber", "+81-50-3123-8888")
          .put("clients", new JsonArray().add("alice-phone").add("alice-laptop")))
      .add(new JsonObject().put("phoneNumber", "+81-50-3123-4000").put("clientName", "aiko-laptop"))
      .add(new JsonObject().put("phoneNumber", "+81-50-3123-4001").put("clientName", "aiko-laptop")));
  private static TwilioCallbacks twilio;

  private Browser browser;

  @BeforeAll
  static void callbacks() {
    twilio = new TwilioCallbacks(page.server());
  }

  private void signIn(String number) {
    browser = page.browser(PageUnderTest.TEST_DOUBLE);
    browser.open(page.origin() + "/");
    browser.element("twilio-number").sendKeys(number);
    browser.element("connect").click();
  }

  @Test
  void theHistoryShowsTheCallsTheServerRecordedNewestFirstAndOlderOnesOnScroll() {
    Instant start = Instant.now().minus(Duration.ofDays(3));
    for (int i = 0; i < 28; i++) {
      twilio.answeredIncomingCall(TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, "+8190123456" + (10 + i),
          start.plus(Duration.ofHours(i)), 60 + i);
    }
    twilio.outgoingCall(TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, "+14155550123", start.plus(Duration.ofHours(40)), 95);
    twilio.missedIncomingCall(TestConfig.TWILIO_NUMBER, TestConfig.CLIENT, "+819059876543",
        start.plus(Duration.ofHours(41)));

    signIn("+81 50 3123 4567");
    browser.waitForStatus("Ready");
    browser.waitUntil("the first page of the history", () -> browser.history().size() == 25);

    List<String> missed = browser.history().get(0);
    assertEquals("+81 90 5987 6543", missed.get(0));
    assertEquals("Incoming · Missed", missed.get(2));
    assertEquals("rgb(163, 34, 27)", browser.js("return getComputedStyle(document.querySelector("
        + "'#history li:first-child .outcome')).color;"), "missed in red");
    assertEquals(List.of("+1 415 555 0123", "Outgoing · 1:35 · Answered"),
        List.of(browser.history().get(1).get(0), browser.history().get(1).get(2)));
    assertEquals(List.of("+81 90 1234 5637", "Incoming · 1:27 · Answered"),
        List.of(browser.history().get(2).get(0), browser.history().get(2).get(2)));
    assertEquals(start.plus(Duration.ofHours(27)).toString().replaceFirst("\\.\\d+Z$", "Z").substring(0, 16),
        ((String) browser.js("return document.querySelector('#history li:nth-child(3) time').dateTime;"))
            .substring(0, 16));

    browser.js("const list = document.getElementById('history'); list.lastElementChild.scrollIntoView();"
        + "document.getElementById('history-more').scrollIntoView();");
    browser.waitUntil("the older calls", () -> browser.history().size() == 30);
    assertEquals("+81 90 1234 5610", browser.history().get(29).get(0));
    assertFalse(browser.element("history-more").isDisplayed(), "nothing older to show");

    browser.js("document.querySelector('#history li:nth-child(2) button').click();");
    assertEquals("+14155550123", browser.element("phone-number").getAttribute("value"));
    assertEquals("Will call +1 415 555 0123.", browser.text("phone-number-hint"));
    assertEquals("phone-number", browser.js("return document.activeElement.id;"));
  }

  @Test
  void aClientWithSeveralNumbersChoosesTheOneItsCallShows() {
    signIn("+81 50 3123 4567");
    browser.waitForStatus("Ready");
    browser.waitUntil("the caller-ID picker", () -> browser.element("caller-id-field").isDisplayed());
    Select callerId = new Select(browser.element("caller-id"));
    assertEquals(List.of("+81 50 3123 4567", "+81 50 3123 7000"),
        callerId.getOptions().stream().map(option -> option.getText()).toList());
    assertEquals(TestConfig.TWILIO_NUMBER, callerId.getFirstSelectedOption().getAttribute("value"));

    callerId.selectByVisibleText("+81 50 3123 7000");
    browser.element("phone-number").sendKeys("+81 90 5987 6543");
    browser.element("call").click();
    browser.waitUntil("the call", () -> (Long) browser.js("return window.twilioTestDouble.devices[0].calls.length;") == 1);
    assertEquals(SUPPORT_NUMBER, browser.js("return window.twilioTestDouble.lastCall().connectParams.callerId;"));
  }

  @Test
  void aClientWithOneNumberHasNoPicker() {
    signIn("+81 50 3123 9999");
    browser.waitForStatus("Ready");
    browser.waitUntil("the numbers asked", () -> browser.element("caller-id").findElements(
        org.openqa.selenium.By.tagName("option")).size() == 1);
    assertFalse(browser.element("caller-id-field").isDisplayed());
  }

  @Test
  void aDeviceOfANumberThatRingsSeveralNamesItselfOnceAndIsRemembered() {
    signIn("+81 50 3123 8888");
    browser.waitUntil("the question", () -> browser.text("message").contains("rings several devices"));
    assertTrue(browser.element("client-name").isDisplayed());
    assertEquals("client-name", browser.js("return document.activeElement.id;"));

    browser.element("client-name").sendKeys("alice-desk");
    browser.element("connect").click();
    browser.waitUntil("the refusal", () -> browser.text("message").contains("\"alice-desk\" is not one of the devices"));

    browser.element("client-name").clear();
    browser.element("client-name").sendKeys("alice-laptop");
    browser.element("connect").click();
    browser.waitForStatus("Ready: calls to +81 50 3123 8888 ring here (alice-laptop)");

    browser.open(page.origin() + "/?number=%2B815031238888");
    assertEquals("alice-laptop", browser.element("client-name").getAttribute("value"));
    browser.element("connect").click();
    browser.waitForStatus("ring here (alice-laptop)");
  }

  @Test
  void aDesktopWindowPutsTheHistoryBesideThePhoneAndAPhoneSizedOneBelowIt() {
    signIn("+81 50 3123 4567");
    browser.waitForStatus("Ready");
    String besideOrBelow = "const dial = document.getElementById('dial').getBoundingClientRect();"
        + "const history = document.getElementById('history-title').getBoundingClientRect();"
        + "return history.left >= dial.right ? 'beside' : history.top >= dial.bottom ? 'below' : 'overlapping';";
    assertEquals("below", browser.js(besideOrBelow));
    assertEquals(0L, browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), "no sideways scroll");

    browser.resize(1280, 900);
    assertEquals("beside", browser.js(besideOrBelow));
  }
}
