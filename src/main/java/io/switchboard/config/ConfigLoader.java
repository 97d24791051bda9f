package io.switchboard.config;

import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.security.SecretHash;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON configuration file, lets the environment supply the secrets, and validates every key before the
 * server listens: a configuration that loads is one the server can run on.
 */
public final class ConfigLoader {

  public static final String AUTH_TOKEN_ENV = "SWITCHBOARD_TWILIO_AUTH_TOKEN";
  public static final String API_KEY_SECRET_ENV = "SWITCHBOARD_TWILIO_API_KEY_SECRET";

  private static final Pattern HEX_32 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SECRET = Pattern.compile("[0-9A-Za-z]{32,}");
  private static final Pattern PARSER_LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");
  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

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
    HttpSettings http = http(root.section("http"));
    TwilioSettings twilio = twilio(root.section("twilio"), environment);
    Section tokens = root.section("tokens");
    // Twilio refuses access tokens that live longer than 24 hours.
    int ttl = tokens.integer("ttlSeconds", 3600, 60, 86_400);
    tokens.rejectUnknownKeys();
    Section dial = root.section("dial");
    // Twilio's own bounds for <Dial timeout>.
    int dialTimeout = dial.integer("timeoutSeconds", 60, 5, 600);
    dial.rejectUnknownKeys();
    Section directorySection = root.section("directory");
    Directory directory = directory(directorySection);
    Optional<ManagementSettings> management = management(root.section("management"), http);
    SecuritySettings security = security(root.section("security"));
    root.rejectUnknownKeys();
    return new SwitchboardConfig(http, twilio, ttl, dialTimeout, directory, directoryReloadSeconds(directorySection),
        management, security);
  }

  private static HttpSettings http(Section http) {
    String host = http.string("host", "0.0.0.0");
    int port = http.integer("port", 8080, 0, 65_535);
    String webroot = http.string("webroot", "webroot");
    Section cors = http.section("cors");
    List<String> origins = cors.strings("allowedOrigins");
    for (String origin : origins) {
      if (!isOrigin(origin)) {
        throw cors.error("allowedOrigins", "'" + origin + "' is not an origin like https://phone.example.com");
      }
    }
    cors.rejectUnknownKeys();
    int maxBodyBytes = http.integer("maxBodyBytes", 16_384, 256, 1_048_576);
    boolean accessLog = http.bool("accessLog", true);
    int shutdownGraceSeconds = http.integer("shutdownGraceSeconds", 3, 0, 60);
    Optional<TlsSettings> tls = tls(http.section("tls"));
    ConnectionLimits limits = new ConnectionLimits(
        http.integer("maxHeaderBytes", 8_192, 1_024, 65_536),
        http.integer("idleTimeoutSeconds", 30, 1, 3_600),
        http.integer("requestTimeoutSeconds", 10, 1, 300));
    Optional<String> clientAddressHeader = Optional.ofNullable(http.string("clientAddressHeader", null));
    http.rejectUnknownKeys();
    return new HttpSettings(host, port, webroot, origins, maxBodyBytes, accessLog, shutdownGraceSeconds, tls, limits,
        clientAddressHeader);
  }

  private static SecuritySettings security(Section security) {
    SecuritySettings settings = new SecuritySettings(
        security.integer("maxFailedAttempts", 5, 1, 1_000),
        security.integer("lockoutSeconds", 300, 1, 86_400),
        security.integer("tokenRequestsPerMinute", 30, 1, 100_000_000));
    security.rejectUnknownKeys();
    return settings;
  }

  private static Optional<TlsSettings> tls(Section tls) {
    if (tls.isEmpty()) {
      return Optional.empty();
    }
    String certPath = readableFile(tls, "certPath");
    String keyPath = readableFile(tls, "keyPath");
    tls.rejectUnknownKeys();
    return Optional.of(new TlsSettings(certPath, keyPath));
  }

  private static String readableFile(Section section, String key) {
    String path = section.requiredString(key);
    if (!Files.isReadable(Path.of(path))) {
      throw section.error(key, "'" + path + "' is not a readable file");
    }
    return path;
  }

  private static Optional<ManagementSettings> management(Section management, HttpSettings http) {
    if (management.isEmpty()) {
      return Optional.empty();
    }
    String host = management.string("host", "127.0.0.1");
    int port = management.integer("port", 9090, 1, 65_535);
    if (port == http.port()) {
      throw management.error("port", "must differ from http.port; leave management out to serve health and metrics there");
    }
    management.rejectUnknownKeys();
    return Optional.of(new ManagementSettings(host, port));
  }

  private static int directoryReloadSeconds(Section directory) {
    int seconds = directory.integer("reloadIntervalSeconds", 2, 0, 3600);
    directory.rejectUnknownKeys();
    return seconds;
  }

  private static TwilioSettings twilio(Section twilio, Map<String, String> environment) {
    String accountSid = twilio.matching("accountSid", sid("AC"), "AC followed by 32 hex digits");
    String authToken = secret(twilio, "authToken", environment.get(AUTH_TOKEN_ENV));
    String apiKeySid = twilio.matching("apiKeySid", sid("SK"), "SK followed by 32 hex digits");
    String apiKeySecret = secret(twilio, "apiKeySecret", environment.get(API_KEY_SECRET_ENV));
    String twimlAppSid = twilio.matching("twimlAppSid", sid("AP"), "AP followed by 32 hex digits");
    boolean validateSignatures = twilio.bool("validateSignatures", true);
    String publicBaseUrl = twilio.string("publicBaseUrl", "");
    if (validateSignatures || !publicBaseUrl.isEmpty()) {
      if (!isHttpUrl(publicBaseUrl)) {
        throw twilio.error("publicBaseUrl", "must be the http(s) URL Twilio calls this server on, like https://voice.example.com");
      }
      publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }
    twilio.rejectUnknownKeys();
    return new TwilioSettings(accountSid, authToken, apiKeySid, apiKeySecret, twimlAppSid, validateSignatures,
        publicBaseUrl);
  }

  private static String secret(Section twilio, String key, String fromEnvironment) {
    String fromFile = twilio.string(key, null);
    String value = fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : fromFile;
    if (value == null || value.isBlank()) {
      throw twilio.error(key, "is required (in the file or from the environment)");
    }
    // Never echo the value: only say what is wrong with it.
    if (!SECRET.matcher(value).matches()) {
      throw twilio.error(key, "must be at least 32 letters and digits, as Twilio issues them");
    }
    return value;
  }

  private static Directory directory(Section directory) {
    String region = directory.string("defaultRegion", "ZZ");
    if (!PhoneNumbers.isSupportedRegion(region)) {
      throw directory.error("defaultRegion", "'" + region + "' is not a region code like US, FR or JP");
    }
    PhoneNumbers phoneNumbers = new PhoneNumbers(region);
    List<DirectoryEntry> entries = new ArrayList<>();
    for (Section entry : directory.sections("entries")) {
      String number = entry.requiredString("phoneNumber");
      String e164 = phoneNumbers.toE164(number)
          .orElseThrow(() -> entry.error("phoneNumber", "'" + number + "' is not a valid phone number"));
      String clientName = entry.matching("clientName", CLIENT_NAME, "1 to 100 letters, digits, '_', '.' or '-'");
      Optional<SecretHash> secret = Optional.ofNullable(entry.string("secretHash", null)).map(hash -> {
        try {
          return SecretHash.parse(hash);
        } catch (IllegalArgumentException e) {
          throw entry.error("secretHash", e.getMessage());
        }
      });
      entry.rejectUnknownKeys();
      entries.add(new DirectoryEntry(e164, clientName, secret));
    }
    try {
      return new Directory(phoneNumbers, entries);
    } catch (IllegalArgumentException e) {
      throw directory.error("entries", e.getMessage());
    }
  }

  private static Pattern sid(String prefix) {
    return Pattern.compile(prefix + HEX_32.pattern());
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getQuery() == null && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isOrigin(String text) {
    try {
      URI uri = new URI(text);
      return isHttpUrl(text) && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Where the parser stopped, without the parser's excerpt of the text: that excerpt could hold a secret. */
  private static String location(String parserMessage) {
    Matcher matcher = PARSER_LOCATION.matcher(parserMessage == null ? "" : parserMessage);
    return matcher.find() ? " (syntax error at line " + matcher.group(1) + ", column " + matcher.group(2) + ")" : "";
  }
}
