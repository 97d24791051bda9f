package io.switchboard.config;

import io.switchboard.support.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

  @Test
  void shippedConfigurationLoads() {
    SwitchboardConfig config = ConfigLoader.load(Path.of("conf/config.json"), Map.of());
    assertEquals(8080, config.http().port());
    assertTrue(config.twilio().validateSignatures(), "signatures are checked by default");
    assertTrue(config.twilio().usesPlaceholderAccount());
    assertEquals("DeviceId_0001", config.directory().entries().byPhoneNumber("050-3123-4567").orElseThrow().clients().get(0));
  }

  @Test
  void secretsFromTheEnvironmentWinOverTheFile() {
    String token = "ffeeddccbbaa99887766554433221100";
    String secret = "EnvironmentSecretEnvironmentSecret";
    SwitchboardConfig config = ConfigLoader.parse(TestConfig.json(8080), Map.of(
        ConfigLoader.AUTH_TOKEN_ENV, token, ConfigLoader.API_KEY_SECRET_ENV, secret));
    assertEquals(token, config.twilio().authToken());
    assertEquals(secret, config.twilio().apiKeySecret());
  }

  @Test
  void secretsMayComeFromTheEnvironmentAlone() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").remove("authToken");
    json.getJsonObject("twilio").remove("apiKeySecret");
    SwitchboardConfig config = ConfigLoader.parse(json, Map.of(
        ConfigLoader.AUTH_TOKEN_ENV, TestConfig.AUTH_TOKEN, ConfigLoader.API_KEY_SECRET_ENV, TestConfig.API_KEY_SECRET));
    assertEquals(TestConfig.AUTH_TOKEN, config.twilio().authToken());
  }

  @Test
  void defaultsApplyToOptionalKeys() {
    JsonObject json = TestConfig.json(8080);
    json.remove("tokens");
    json.remove("dial");
    json.getJsonObject("http").remove("host");
    SwitchboardConfig config = ConfigLoader.parse(json, Map.of());
    assertEquals(3600, config.tokens().ttlSeconds());
    assertEquals(60, config.dial().timeoutSeconds());
    assertEquals("0.0.0.0", config.http().host());
    assertEquals(16_384, config.http().maxBodyBytes());
  }

  @Test
  void secretsNeverAppearInTheSettingsText() {
    TwilioSettings twilio = ConfigLoader.parse(TestConfig.json(8080), Map.of()).twilio();
    assertFalse(twilio.toString().contains(TestConfig.AUTH_TOKEN));
    assertFalse(twilio.toString().contains(TestConfig.API_KEY_SECRET));
  }

  @Test
  void missingSecretNamesTheKeyAndTheVariable() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").remove("authToken");
    assertProblem(json, "twilio.authToken: is required (in the file or from the environment)");
  }

  @Test
  void malformedSecretIsRefusedWithoutEchoingIt() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").put("apiKeySecret", "short-secret-value");
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, Map.of()));
    assertEquals("twilio.apiKeySecret: must be at least 32 letters and digits, as Twilio issues them", error.getMessage());
  }

  @Test
  void invalidSidsAreRefused() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").put("twimlAppSid", "AP123");
    assertProblem(json, "twilio.twimlAppSid: must be AP followed by 32 hex digits");
    json.getJsonObject("twilio").put("twimlAppSid", TestConfig.TWIML_APP_SID).put("accountSid", TestConfig.API_KEY_SID);
    assertProblem(json, "twilio.accountSid: must be AC followed by 32 hex digits");
  }

  @Test
  void theEventsSectionHasDefaultsAndAHeartbeatWithinTheIdleTimeout() {
    JsonObject json = TestConfig.json(8080);
    EventsSettings events = ConfigLoader.parse(json, Map.of()).events();
    assertEquals(new EventsSettings(15, 30, 5, 1_000), events);
    assertEquals(31, events.presenceSeconds());

    json.getJsonObject("http").put("idleTimeoutSeconds", 10);
    assertEquals(9, ConfigLoader.parse(json, Map.of()).events().heartbeatSeconds(), "the default fits a short one");
    json.put("events", new JsonObject().put("heartbeatSeconds", 10));
    assertProblem(json, "events.heartbeatSeconds: must be shorter than http.idleTimeoutSeconds (10), or idle"
        + " streams are closed between two heartbeats");
    json.put("events", new JsonObject().put("maxStreams", 0));
    assertProblem(json, "events.maxStreams: must be between 1 and 100000");
    json.put("events", new JsonObject().put("ticketSecond", 5));
    assertProblem(json, "events.ticketSecond: is not a known key");
  }

  @Test
  void mistypedKeyIsRefusedRatherThanDefaulted() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("tokens").put("ttlSecond", 60);
    assertProblem(json, "tokens.ttlSecond: is not a known key");
  }

  @Test
  void valueOfTheWrongTypeIsRefused() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("http").put("port", "8080");
    assertProblem(json, "http.port: must be a whole number");
  }

  @Test
  void signaturesNeedThePublicBaseUrl() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").remove("publicBaseUrl");
    assertProblem(json, "twilio.publicBaseUrl: must be the http(s) URL Twilio calls this server on, like https://voice.example.com");
  }

  @Test
  void twilioRestApiIsTheRealOneAndRecordingsStayThereByDefault() {
    TwilioSettings twilio = ConfigLoader.parse(TestConfig.json(8080), Map.of()).twilio();
    assertEquals("https://api.twilio.com", twilio.apiBaseUrl());
    assertFalse(twilio.deleteRecordings());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.twilio.com/", "http://127.0.0.1:8443", "http://localhost:9000", "http://[::1]:80",
      "https://twilio-proxy.internal:8443"})
  void twilioRestApiIsHttpsOrThisMachine(String url) {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").put("apiBaseUrl", url).put("deleteRecordings", true);
    TwilioSettings twilio = ConfigLoader.parse(json, Map.of()).twilio();
    assertEquals(url.replaceAll("/$", ""), twilio.apiBaseUrl());
    assertTrue(twilio.deleteRecordings());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://api.twilio.com", "http://10.0.0.8:8080", "http://127.0.0.1.example.com",
      "https://api.twilio.com/2010-04-01", "https://user:pass@api.twilio.com", "ftp://api.twilio.com", "api.twilio.com",
      "https://api.twilio.com?x=1"})
  void twilioRestApiInClearTextOverANetworkOrWithAPathIsRefused(String url) {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("twilio").put("apiBaseUrl", url);
    assertProblem(json, "twilio.apiBaseUrl: must be an https URL with no path, like https://api.twilio.com"
        + " (http only to this machine, for tests)");
  }

  @Test
  void corsOriginsMustBeOrigins() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("http").getJsonObject("cors").put("allowedOrigins", new JsonArray().add("*"));
    assertProblem(json, "http.cors.allowedOrigins: '*' is not an origin like https://phone.example.com");
  }

  @Test
  void directoryNumberMustBeAValidPhoneNumber() {
    JsonObject json = TestConfig.json(8080);
    entries(json).getJsonObject(1).put("phoneNumber", "12345");
    assertProblem(json, "directory.entries[1].phoneNumber: '12345' is not a valid phone number");
  }

  @Test
  void sameNumberWrittenTwoWaysIsADuplicate() {
    JsonObject json = TestConfig.json(8080);
    entries(json).add(new JsonObject().put("phoneNumber", "050-3123-4567").put("clientName", "Another"));
    assertProblem(json, "directory.entries: phone number +815031234567 is listed twice");
  }

  /** A person with a work and a support line: the client rings for both numbers. */
  @Test
  void aClientNameInTwoEntriesIsAClientWithTwoNumbers() {
    JsonObject json = TestConfig.json(8080);
    entries(json).add(new JsonObject().put("phoneNumber", "+81-50-3123-0000").put("clientName", TestConfig.CLIENT));
    assertEquals(List.of(TestConfig.TWILIO_NUMBER, "+815031230000"), ConfigLoader.parse(json, Map.of()).directory()
        .entries().entriesOf(TestConfig.CLIENT).stream().map(entry -> entry.phoneNumber()).toList());
  }

  @Test
  void clientNameWithMarkupIsRefused() {
    JsonObject json = TestConfig.json(8080);
    entries(json).getJsonObject(0).put("clientName", "<Client>x");
    assertProblem(json, "directory.entries[0].clientName: must be 1 to 100 letters, digits, '_', '.' or '-'");
  }

  @Test
  void unknownRegionIsRefused() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("directory").put("defaultRegion", "Japan");
    assertProblem(json, "directory.defaultRegion: 'Japan' is not a region code like US, FR or JP");
  }

  @Test
  void brokenFileIsNamedWithThePlaceOfTheErrorButNotItsText(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("broken.json");
    Files.writeString(file, "{\n  \"twilio\": { \"authToken\": \"SECRETSECRETSECRET\" \n}");
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(error.getMessage().startsWith(file + ": is not a JSON object"), error.getMessage());
    assertFalse(error.getMessage().contains("SECRET"), error.getMessage());
  }

  @Test
  void missingFileIsNamed(@TempDir Path folder) {
    Path file = folder.resolve("absent.json");
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(error.getMessage().startsWith(file + ": cannot be read"), error.getMessage());
  }

  @Test
  void tlsFilesMustBeReadable() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("http").put("tls", new JsonObject()
        .put("certPath", "src/test/resources/tls/server-cert.pem").put("keyPath", "no/such/key.pem"));
    assertProblem(json, "http.tls.keyPath: 'no/such/key.pem' is not a readable file");
  }

  @Test
  void tlsNeedsBothFiles() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("http").put("tls", new JsonObject().put("certPath", "src/test/resources/tls/server-cert.pem"));
    assertProblem(json, "http.tls.keyPath: is required");
  }

  @Test
  void managementPortMustDifferFromThePublicOne() {
    JsonObject json = TestConfig.json(8080).put("management", new JsonObject().put("port", 8080));
    assertProblem(json, "management.port: must differ from http.port; leave management out to serve health and metrics there");
  }

  @Test
  void managementDefaultsToLoopback() {
    JsonObject json = TestConfig.json(8080).put("management", new JsonObject().put("port", 9090));
    ManagementSettings management = ConfigLoader.parse(json, Map.of()).management().orElseThrow();
    assertEquals(new ManagementSettings("127.0.0.1", 9090), management);
  }

  @Test
  void reloadIntervalIsBounded() {
    JsonObject json = TestConfig.json(8080);
    json.getJsonObject("directory").put("reloadIntervalSeconds", -1);
    assertProblem(json, "directory.reloadIntervalSeconds: must be between 0 and 3600");
  }

  @Test
  void metricsAreForThisMachineUnlessOpened() {
    JsonObject json = TestConfig.json(8080);
    assertEquals(MetricsAccess.LOOPBACK, ConfigLoader.parse(json, Map.of()).http().metricsAccess());
    json.getJsonObject("http").put("metricsAccess", "public");
    assertEquals(MetricsAccess.PUBLIC, ConfigLoader.parse(json, Map.of()).http().metricsAccess());
    json.getJsonObject("http").put("metricsAccess", "everyone");
    assertProblem(json, "http.metricsAccess: must be one of loopback, public");
  }

  @Test
  void callRecordsDefaultToAnH2FileUnderData() {
    JsonObject json = TestConfig.json(8080);
    json.remove("storage");
    SwitchboardConfig config = ConfigLoader.parse(json, Map.of());
    assertEquals(new StorageSettings("jdbc:h2:file:./data/switchboard", "", "", 4, 90, 4_096), config.storage());
    assertTrue(config.calls().record(), "calls are recorded by default");
  }

  @Test
  void storageTakesPostgresqlAndItsPasswordFromTheEnvironmentWithoutShowingIt() {
    JsonObject json = TestConfig.json(8080);
    json.put("storage", new JsonObject().put("url", "postgresql://db.internal:5432/switchboard")
        .put("user", "switchboard").put("password", "fromTheFile"));
    StorageSettings storage = ConfigLoader.parse(json, Map.of(ConfigLoader.STORAGE_PASSWORD_ENV, "fromTheEnvironment"))
        .storage();
    assertTrue(storage.isPostgres());
    assertEquals("fromTheEnvironment", storage.password());
    assertFalse(storage.toString().contains("fromTheEnvironment"), storage.toString());
  }

  @Test
  void aPasswordWrittenInTheStorageUrlIsNotShownEither() {
    for (String url : new String[] {"postgresql://switchboard:inTheUrl@db.internal:5432/switchboard",
        "postgresql://db.internal:5432/switchboard?user=switchboard&password=inTheUrl",
        "jdbc:h2:file:./data/switchboard;USER=sa;PASSWORD=inTheUrl"}) {
      JsonObject json = TestConfig.json(8080);
      json.put("storage", new JsonObject().put("url", url));
      StorageSettings storage = ConfigLoader.parse(json, Map.of()).storage();
      assertFalse(storage.toString().contains("inTheUrl"), storage.toString());
      assertTrue(storage.toString().contains("db.internal") || storage.toString().contains("./data/switchboard"),
          storage.toString());
    }
  }

  @Test
  void storageSettingsAreChecked() {
    JsonObject json = TestConfig.json(8080);
    json.put("storage", new JsonObject().put("url", "mysql://db/switchboard"));
    assertProblem(json, "storage.url: must be jdbc:h2:file:<path> or postgresql://host:port/database");
    json.put("storage", new JsonObject().put("retentionDays", 0));
    assertProblem(json, "storage.retentionDays: must be between 1 and 36500");
    json.put("storage", new JsonObject().put("poolSize", 0));
    assertProblem(json, "storage.poolSize: must be between 1 and 64");
    json.remove("storage");
    json.put("calls", new JsonObject().put("recordd", true));
    assertProblem(json, "calls.recordd: is not a known key");
    json.put("calls", new JsonObject().put("callbackRetries", 6));
    assertProblem(json, "calls.callbackRetries: must be between 0 and 5");
  }

  @Test
  void theClusterIsOffByDefaultAndOnReadsItsMembers() {
    assertFalse(ConfigLoader.parse(TestConfig.json(8080), Map.of()).cluster().enabled());

    JsonObject json = TestConfig.json(8080).put("storage", new JsonObject().put("url", "postgresql://db:5432/calls"))
        .put("cluster", new JsonObject().put("enabled", true).put("host", "10.0.0.11")
            .put("members", new JsonArray().add("10.0.0.11:5701").add("10.0.0.12:5701")));
    ClusterSettings cluster = ConfigLoader.parse(json, Map.of()).cluster();

    assertEquals(new ClusterSettings(true, "10.0.0.11", 5701, java.util.List.of("10.0.0.11:5701", "10.0.0.12:5701"),
        0, "switchboard"), cluster);
  }

  @Test
  void aClusterRefusesH2AndNeedsItsMembers() {
    JsonObject json = TestConfig.json(8080)
        .put("cluster", new JsonObject().put("enabled", true).put("members", new JsonArray().add("127.0.0.1:5701")));
    assertProblem(json, "cluster.enabled: needs the call records on PostgreSQL (storage.url postgresql://...): "
        + "each node's embedded H2 file would keep its own records");
    json.put("storage", new JsonObject().put("url", "postgresql://db:5432/calls"));
    json.getJsonObject("cluster").put("members", new JsonArray());
    assertProblem(json, "cluster.members: must list the cluster's members (host:port) when the cluster is enabled");
    json.getJsonObject("cluster").put("members", new JsonArray().add("10.0.0.12"));
    assertProblem(json, "cluster.members: must be a list of host:port, not \"10.0.0.12\"");
    json.getJsonObject("cluster").put("members", new JsonArray().add("10.0.0.12:5701")).put("host", "0.0.0.0");
    assertProblem(json, "cluster.host: must be this node's own address (a name or IP; not a wildcard)");
    json.getJsonObject("cluster").remove("host");
    json.getJsonObject("cluster").put("multicast", true);
    assertProblem(json, "cluster.multicast: is not a known key");
  }

  private static JsonArray entries(JsonObject json) {
    return json.getJsonObject("directory").getJsonArray("entries");
  }

  private static void assertProblem(JsonObject json, String message) {
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, Map.of()));
    assertEquals(message, error.getMessage());
  }
}
