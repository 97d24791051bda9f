package io.switchboard.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON configuration file and hands each top-level section to the settings record that reads and validates
 * it, the environment supplying the secrets: a configuration that loads is one the server can run on.
 */
public final class ConfigLoader {

  public static final String AUTH_TOKEN_ENV = "SWITCHBOARD_TWILIO_AUTH_TOKEN";
  public static final String API_KEY_SECRET_ENV = "SWITCHBOARD_TWILIO_API_KEY_SECRET";
  public static final String STORAGE_PASSWORD_ENV = "SWITCHBOARD_STORAGE_PASSWORD";

  private static final Pattern PARSER_LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

  private ConfigLoader() {
  }

  /** Loads {@code file}, taking secrets from {@code environment} where it has them. */
  public static SwitchboardConfig load(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return parseFile(file, text, environment);
  }

  /** Validates the text of {@code file}; the messages name the file and the key at fault. */
  public static SwitchboardConfig parseFile(Path file, String text, Map<String, String> environment) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(file + ": is not a JSON object" + location(e.getMessage()));
    }
    try {
      return parse(json, environment);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  /** Validates an already parsed configuration; the messages name the key at fault. */
  public static SwitchboardConfig parse(JsonObject json, Map<String, String> environment) {
    Section root = new Section("", json);
    HttpSettings http = HttpSettings.from(root.section("http"));
    DirectorySettings directory = DirectorySettings.from(root.section("directory"));
    StorageSettings storage = StorageSettings.from(root.section("storage"), environment);
    SwitchboardConfig config = new SwitchboardConfig(
        http,
        TwilioSettings.from(root.section("twilio"), environment),
        TokenSettings.from(root.section("tokens")),
        DialSettings.from(root.section("dial")),
        directory,
        ManagementSettings.from(root.section("management"), http),
        SecuritySettings.from(root.section("security")),
        storage,
        CallsSettings.from(root.section("calls")),
        AdminSettings.from(root.section("admin"), directory),
        ClusterSettings.from(root.section("cluster"), storage),
        EventsSettings.from(root.section("events"), http));
    root.rejectUnknownKeys();
    return config;
  }

  /** Where the parser stopped, without the parser's excerpt of the text: that excerpt could hold a secret. */
  private static String location(String parserMessage) {
    Matcher matcher = PARSER_LOCATION.matcher(parserMessage == null ? "" : parserMessage);
    return matcher.find() ? " (syntax error at line " + matcher.group(1) + ", column " + matcher.group(2) + ")" : "";
  }
}
