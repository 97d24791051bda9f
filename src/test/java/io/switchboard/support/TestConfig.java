package io.switchboard.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A complete configuration for tests, with made-up credentials and two directory entries. */
public final class TestConfig {

  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  public static final String API_KEY_SID = "SKfedcba9876543210fedcba9876543210";
  public static final String API_KEY_SECRET = "Zq8Xv7Wt6Us5Tr4Sq3Rp2Qo1PnOmNlMk";
  public static final String TWIML_APP_SID = "AP00112233445566778899aabbccddeeff";
  public static final String PUBLIC_BASE_URL = "https://voice.example.com";
  /** What the TwiML's callback URLs end with by default: Twilio asked to try a failed one 3 more times. */
  public static final String RETRY_FRAGMENT = "#rc=3&rp=all";
  public static final String ALLOWED_ORIGIN = "https://softphone.example.org";

  /** The walkthrough's Twilio number and client. */
  public static final String TWILIO_NUMBER = "+815031234567";
  public static final String CLIENT = "DeviceId_0001";
  /** A second registered number, for calls between clients. */
  public static final String OTHER_TWILIO_NUMBER = "+815031239999";
  public static final String OTHER_CLIENT = "DeviceId_0002";

  private static final Path DATABASES = databasesRoot();

  private TestConfig() {
  }

  public static JsonObject json(int port) {
    return new JsonObject()
        .put("storage", new JsonObject().put("url", "jdbc:h2:file:" + freshDatabaseFolder().resolve("switchboard")))
        .put("http", new JsonObject()
            .put("host", "127.0.0.1")
            .put("port", port)
            .put("webroot", "webroot")
            .put("cors", new JsonObject().put("allowedOrigins", new JsonArray().add(ALLOWED_ORIGIN))))
        .put("twilio", new JsonObject()
            .put("accountSid", ACCOUNT_SID)
            .put("authToken", AUTH_TOKEN)
            .put("apiKeySid", API_KEY_SID)
            .put("apiKeySecret", API_KEY_SECRET)
            .put("twimlAppSid", TWIML_APP_SID)
            .put("validateSignatures", true)
            .put("publicBaseUrl", PUBLIC_BASE_URL))
        .put("tokens", new JsonObject().put("ttlSeconds", 3600))
        // The directory is Japanese, so by default only Japan could be dialled: the tests and the load tester
        // also call the UK, the US, France and Australia. Every call comes from two clients: the cap's own test
        // sets a tight one.
        .put("dial", new JsonObject()
            .put("timeoutSeconds", 60)
            .put("allowedCountries", new JsonArray().add("JP").add("GB").add("US").add("FR").add("AU"))
            .put("maxCallsPerHour", 100_000_000))
        // Every test request comes from 127.0.0.1: the abuse limits' own tests set tight ones.
        .put("security", new JsonObject()
            .put("maxFailedAttempts", 1000).put("lockoutSeconds", 300).put("tokenRequestsPerMinute", 100_000)
            .put("apiRequestsPerMinute", 100_000))
        .put("directory", new JsonObject()
            .put("defaultRegion", "JP")
            .put("entries", new JsonArray()
                .add(new JsonObject().put("phoneNumber", "+81-50-3123-4567").put("clientName", CLIENT))
                .add(new JsonObject().put("phoneNumber", "050-3123-9999").put("clientName", OTHER_CLIENT))));
  }

  /** {@link #json} served over TLS with the test certificate of {@code src/test/resources/tls}. */
  public static JsonObject jsonWithTls(int port) {
    Path tls = Path.of("src/test/resources/tls");
    JsonObject config = json(port);
    config.getJsonObject("http").put("tls", new JsonObject()
        .put("certPath", tls.resolve("server-cert.pem").toString())
        .put("keyPath", tls.resolve("server-key.pem").toString()));
    return config;
  }

  /** A new folder for one server's H2 database, under a root that is deleted when the tests' JVM exits. */
  public static Path freshDatabaseFolder() {
    try {
      return Files.createTempDirectory(DATABASES, "db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path databasesRoot() {
    try {
      Path root = Files.createTempDirectory("switchboard-test-databases");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort at exit: the folder is under the system's temporary directory.
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
