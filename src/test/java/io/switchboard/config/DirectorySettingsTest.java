package io.switchboard.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.directory.Fallback;
import io.switchboard.directory.Fallback.ForwardCallerId;
import io.switchboard.directory.Fallback.RecordedGreeting;
import io.switchboard.directory.Fallback.SpokenGreeting;
import io.switchboard.directory.Fallback.Voicemail;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The directory entries' keys for ring groups and fallbacks: what they mean when written, and each invalid value
 * refused naming the file and the key, at start-up and on reload.
 */
class DirectorySettingsTest {

  private static final String GROUP_NUMBER = "+815031230001";
  /** The third entry of the test configuration, after the walkthrough's two. */
  private static final String ENTRY = "directory.entries[2]";

  @TempDir
  Path folder;

  @Test
  void aGroupWithEveryKeyIsReadAsWritten() {
    JsonObject entry = group()
        .put("ring", "sequential")
        .put("ringSeconds", 15)
        .put("presence", false)
        .put("fallback", new JsonObject()
            .put("forwardTo", "+81-90-1234-5678")
            .put("forwardCallerId", "twilio")
            .put("voicemail", new JsonObject().put("greeting", "ただいま留守にしております。").put("language", "ja-JP")
                .put("maxLengthSeconds", 60)));

    assertEquals(new DirectoryEntry(GROUP_NUMBER, List.of("alice-laptop", "alice-phone"), Ring.SEQUENTIAL,
        OptionalInt.of(15), Optional.of(new Fallback(Optional.of("+819012345678"), ForwardCallerId.TWILIO,
            Optional.of(new Voicemail(new SpokenGreeting("ただいま留守にしております。"), "ja-JP", 60)))),
        Optional.empty(), false), read(entry));
  }

  @Test
  void leftOutTheyRingAllForTheDialTimeoutWithNoFallbackAndPresenceOn() {
    assertEquals(new DirectoryEntry(GROUP_NUMBER, List.of("alice-laptop", "alice-phone"), Ring.ALL,
        OptionalInt.empty(), Optional.empty(), Optional.empty(), true), read(group()));
  }

  @Test
  void aVoicemailLeftOutGreetsInEnglishForTwoMinutes() {
    DirectoryEntry entry = read(group().put("fallback", new JsonObject().put("voicemail", new JsonObject())));

    Voicemail voicemail = entry.fallback().orElseThrow().voicemail().orElseThrow();
    assertEquals("en-US", voicemail.language());
    assertEquals(120, voicemail.maxLengthSeconds());
    assertTrue(voicemail.greeting() instanceof SpokenGreeting spoken && !spoken.text().isBlank());
    assertEquals(ForwardCallerId.CALLER, entry.fallback().orElseThrow().forwardCallerId());
  }

  @Test
  void aGreetingUrlIsPlayedAndMayCarryAQuery() {
    String url = "https://cdn.example.com/greeting.mp3?Signature=abc&Expires=1";
    DirectoryEntry entry = read(group().put("fallback", new JsonObject()
        .put("voicemail", new JsonObject().put("greetingUrl", url))));

    assertEquals(new RecordedGreeting(url), entry.fallback().orElseThrow().voicemail().orElseThrow().greeting());
  }

  @Test
  void aClientMayBeInSeveralEntriesInTheOrderOfTheFile() {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").getJsonArray("entries").add(group())
        .add(new JsonObject().put("phoneNumber", "+815031230002").put("clients", new JsonArray().add("alice-laptop")));

    var directory = ConfigLoader.parse(json, Map.of()).directory().entries();

    assertEquals(List.of(GROUP_NUMBER, "+815031230002"),
        directory.entriesOf("alice-laptop").stream().map(DirectoryEntry::phoneNumber).toList());
    assertEquals(GROUP_NUMBER, directory.byClientName("alice-laptop").orElseThrow().phoneNumber());
  }

  static Stream<Arguments> invalidEntries() {
    return Stream.of(
        invalid("no client", entry -> entry.remove("clients"), ".clientName: is required"),
        invalid("an empty list of clients", entry -> entry.put("clients", new JsonArray()),
            ".clients: must name at least one client"),
        invalid("both spellings", entry -> entry.put("clientName", "alice"),
            ".clientName: cannot be given with clients"),
        invalid("a client name with a space", entry -> entry.put("clients", new JsonArray().add("alice laptop")),
            ".clients: 'alice laptop' must be 1 to 100 letters"),
        invalid("a client twice", entry -> entry.put("clients", new JsonArray().add("bob").add("bob")),
            ".clients: 'bob' is listed twice"),
        invalid("eleven clients rung together", entry -> entry.put("clients", elevenClients()),
            ".clients: Twilio rings at most 10 clients together"),
        invalid("presence as a word", entry -> entry.put("presence", "off"), ".presence: must be true or false"),
        invalid("an unknown ring mode", entry -> entry.put("ring", "random"),
            ".ring: must be one of all, sequential"),
        invalid("a ring time Twilio refuses", entry -> entry.put("ringSeconds", 2), ".ringSeconds: must be between"),
        invalid("a fallback that is no object", entry -> entry.put("fallback", "voicemail"),
            ".fallback: must be an object"),
        invalid("a forward to no number", entry -> entry.put("fallback", new JsonObject().put("forwardTo", "mobile")),
            ".fallback.forwardTo: 'mobile' is not a valid phone number"),
        invalid("a forward to the entry itself", entry -> entry.put("fallback",
            new JsonObject().put("forwardTo", "050-3123-0001")), ".fallback.forwardTo: is the entry's own number"),
        invalid("an unknown forward caller ID", entry -> entry.put("fallback",
            new JsonObject().put("forwardTo", "+819012345678").put("forwardCallerId", "mine")),
            ".fallback.forwardCallerId: must be one of caller, twilio"),
        invalid("an unknown fallback key", entry -> entry.put("fallback", new JsonObject().put("forward", "+81")),
            ".fallback.forward: is not a known key"),
        invalid("an unknown language", entry -> entry.put("fallback", voicemail(new JsonObject()
            .put("greeting", "Hi").put("language", "klingon"))),
            ".fallback.voicemail.language: 'klingon' is not a language of Twilio's <Say>"),
        invalid("a greeting URL that is not http(s)", entry -> entry.put("fallback", voicemail(new JsonObject()
            .put("greetingUrl", "file:///etc/passwd"))),
            ".fallback.voicemail.greetingUrl: 'file:///etc/passwd' is not an http(s) URL"),
        invalid("a greeting and a greeting URL", entry -> entry.put("fallback", voicemail(new JsonObject()
            .put("greeting", "Hi").put("greetingUrl", "https://example.com/hi.mp3"))),
            ".fallback.voicemail.greeting: cannot be given with greetingUrl"),
        invalid("an empty greeting", entry -> entry.put("fallback", voicemail(new JsonObject().put("greeting", " "))),
            ".fallback.voicemail.greeting: must be 1 to 4096 characters"),
        invalid("a message of no length", entry -> entry.put("fallback", voicemail(new JsonObject()
            .put("maxLengthSeconds", 0))), ".fallback.voicemail.maxLengthSeconds: must be between 1 and 3600"));
  }

  @ParameterizedTest
  @MethodSource("invalidEntries")
  void anInvalidValueIsRefusedAtStartUpNamingFileAndKey(Consumer<JsonObject> edit, String problem) throws Exception {
    Path file = configFile(edit);

    ConfigException refused = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

    assertTrue(refused.getMessage().startsWith(file + ": " + ENTRY + problem), refused.getMessage());
  }

  /** The reload validates the whole file as at start-up: the entry in force stays, and the log names the key. */
  @ParameterizedTest
  @MethodSource("invalidEntries")
  void anInvalidValueIsRefusedOnReloadNamingFileAndKey(Consumer<JsonObject> edit, String problem) throws Exception {
    Path file = configFile(entry -> { });
    ConfigSource source = new ConfigSource(file, Map.of());
    SwitchboardConfig config = source.load();
    LiveDirectory directory = new LiveDirectory(config.directory().entries());
    Logger reloaderLog = (Logger) LoggerFactory.getLogger(DirectoryReloader.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    reloaderLog.addAppender(logged);
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new DirectoryReloader(source, config, directory)).await();
      configFile(edit);

      String refusal = awaitError(logged);
      assertTrue(refusal.contains(file + ": " + ENTRY + problem), refusal);
      assertEquals(read(group()), directory.get().byPhoneNumber(GROUP_NUMBER).orElseThrow());
    } finally {
      reloaderLog.detachAppender(logged);
      vertx.close().await();
    }
  }

  private Path configFile(Consumer<JsonObject> edit) throws Exception {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").put("reloadIntervalSeconds", 1);
    JsonObject entry = group();
    edit.accept(entry);
    json.getJsonObject("directory").getJsonArray("entries").add(entry);
    Path file = folder.resolve("config.json");
    Files.writeString(file, json.encodePrettily());
    return file;
  }

  private static String awaitError(ListAppender<ILoggingEvent> logged) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      synchronized (logged) {
        for (ILoggingEvent event : logged.list) {
          if (event.getFormattedMessage().startsWith("Directory edit refused")) {
            return event.getFormattedMessage();
          }
        }
      }
      Thread.sleep(100);
    }
    return fail("no refusal logged within 15 s");
  }

  private static DirectoryEntry read(JsonObject entry) {
    JsonObject json = TestConfig.json(TestConfig.freePort());
    json.getJsonObject("directory").getJsonArray("entries").add(entry);
    return ConfigLoader.parse(json, Map.of()).directory().entries().byPhoneNumber(GROUP_NUMBER).orElseThrow();
  }

  private static JsonObject group() {
    return new JsonObject().put("phoneNumber", "+81-50-3123-0001")
        .put("clients", new JsonArray().add("alice-laptop").add("alice-phone"));
  }

  private static JsonObject voicemail(JsonObject voicemail) {
    return new JsonObject().put("voicemail", voicemail);
  }

  private static JsonArray elevenClients() {
    JsonArray clients = new JsonArray();
    for (int i = 1; i <= 11; i++) {
      clients.add("client-" + i);
    }
    return clients;
  }

  private static Arguments invalid(String name, Consumer<JsonObject> edit, String problem) {
    return argumentSet(name, edit, problem);
  }
}
