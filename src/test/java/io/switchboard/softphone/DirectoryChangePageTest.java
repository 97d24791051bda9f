package io.switchboard.softphone;

import io.switchboard.support.Browser;
import io.switchboard.support.Jwts;
import io.switchboard.support.PageUnderTest;
import io.switchboard.support.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * An operator edits the directory while the page is open, in headless Chromium against the real server reading its
 * configuration file: the server tells the page ({@code directory.changed} on its live events), the page renews its
 * token at once, and what the new token grants shows without a reload. The Twilio Device's network side is the test
 * double's. Tagged {@value Browser#TAG}.
 */
@Tag(Browser.TAG)
class DirectoryChangePageTest {

  private static final String CLIENT = "bea-laptop";
  private static final String FIRST_NUMBER = "+81-50-3123-5000";
  private static final String NEW_NUMBER = "+81-50-3123-5001";

  @RegisterExtension
  static final PageUnderTest page = PageUnderTest.serving(config -> config.getJsonObject("directory")
      .put("reloadIntervalSeconds", 1)
      .getJsonArray("entries").add(new JsonObject().put("phoneNumber", FIRST_NUMBER).put("clientName", CLIENT)));

  @Test
  void aNumberGivenWhileThePageIsOpenRenewsItsTokenAndShowsInTheCallerIdPicker() throws Exception {
    Browser browser = page.browser(PageUnderTest.TEST_DOUBLE);
    browser.open(page.origin() + "/?number=%2B815031235000");
    browser.element("connect").click();
    browser.waitForStatus("Ready: calls to +81 50 3123 5000 ring here (" + CLIENT + ")");
    browser.waitUntil("the live events", () -> browser.text("live").equals("Live updates on"));
    browser.waitUntil("the numbers asked", () -> browser.element("caller-id").findElements(By.tagName("option"))
        .size() == 1);
    assertFalse(browser.element("caller-id-field").isDisplayed(), "one number: no choice to make");
    assertEquals(1L, browser.js("return window.twilioTestDouble.device().tokens.length;"));

    // A token is made of its identity and its issue time in whole seconds: one renewed within the same second as
    // the first would be the same text, and the page's renewal could not be told from here.
    Thread.sleep(1_100);
    page.editConfig(config -> config.getJsonObject("directory").getJsonArray("entries")
        .add(new JsonObject().put("phoneNumber", NEW_NUMBER).put("clientName", CLIENT)));

    browser.waitUntil("a token renewed after the edit",
        () -> (Long) browser.js("return window.twilioTestDouble.device().tokens.length;") == 2);
    List<?> tokens = (List<?>) browser.js("return window.twilioTestDouble.device().tokens;");
    assertNotEquals(tokens.get(0), tokens.get(1));
    assertEquals(CLIENT, Jwts.verify((String) tokens.get(1), TestConfig.API_KEY_SECRET).claims()
        .getJsonObject("grants").getString("identity"), "a token the server signed, for the same client");
    browser.waitUntil("the caller-ID picker", () -> browser.element("caller-id-field").isDisplayed());
    assertEquals(List.of("+81 50 3123 5000", "+81 50 3123 5001"), new Select(browser.element("caller-id"))
        .getOptions().stream().map(option -> option.getText()).toList());
  }
}
