package io.switchboard.support;

import io.switchboard.SwitchboardVerticle;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.ConfigSource;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.http.ApiPaths;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.twilio.RetryOverrides;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Map;
import java.util.Optional;

/** The real server, deployed on a free port of the loopback interface, and a web client pointed at it. */
public final class TestServer {

  private final int port;
  private final WebClient client;
  private final SwitchboardVerticle switchboard;

  private TestServer(int port, WebClient client, SwitchboardVerticle switchboard) {
    this.port = port;
    this.client = client;
    this.switchboard = switchboard;
  }

  public static Future<TestServer> start(Vertx vertx, JsonObject config) {
    return deploy(vertx, ConfigLoader.parse(config, Map.of()), Optional.empty(), new SwitchboardMetrics());
  }

  /** The server as Main deploys it, with a configuration source to watch and metrics of one's choice. */
  public static Future<TestServer> deploy(Vertx vertx, SwitchboardConfig config, Optional<ConfigSource> source,
                                          SwitchboardMetrics metrics) {
    int port = config.http().port();
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(port)
        .setKeepAlive(false));
    SwitchboardVerticle switchboard = new SwitchboardVerticle(config, source, metrics);
    return vertx.deployVerticle(switchboard).map(id -> new TestServer(port, client, switchboard));
  }

  public static Future<TestServer> start(Vertx vertx) {
    return start(vertx, TestConfig.json(TestConfig.freePort()));
  }

  public SwitchboardVerticle switchboard() {
    return switchboard;
  }

  public int port() {
    return port;
  }

  public WebClient client() {
    return client;
  }

  public HttpRequest<Buffer> post(String path) {
    return client.post(path);
  }

  /** The access token that the token API issues for {@code twilioPhoneNumber}'s client, as the page gets it. */
  public Future<String> accessToken(String twilioPhoneNumber) {
    return client.post(ApiPaths.CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", twilioPhoneNumber))
        .map(response -> response.bodyAsJsonObject().getString("accessToken"));
  }

  /**
   * POSTs to a URL that our TwiML gave Twilio, the way Twilio does: to its path and query, never its fragment, and
   * signed for the whole URL as given.
   */
  public Future<HttpResponse<Buffer>> postToTwimlUrl(String url, MultiMap form) {
    return client.post(pathAndQuery(url))
        .putHeader("X-Twilio-Signature", TwilioSignatures.sign(url, form))
        .sendForm(form);
  }

  /** What Twilio requests of a URL under the configured public URL: its path and query, without its fragment. */
  public static String pathAndQuery(String url) {
    return pathAndQuery(TestConfig.PUBLIC_BASE_URL, url);
  }

  /** What Twilio requests of a URL under {@code baseUrl}: its path and query, without its fragment. */
  public static String pathAndQuery(String baseUrl, String url) {
    if (!url.startsWith(baseUrl)) {
      throw new IllegalArgumentException("not under " + baseUrl + ": " + url);
    }
    return RetryOverrides.requested(url).substring(baseUrl.length());
  }

  /** POSTs a webhook form the way Twilio does: form-encoded and signed for the configured public URL. */
  public Future<HttpResponse<Buffer>> postSignedWebhook(String path, MultiMap form) {
    return client.post(path)
        .putHeader("X-Twilio-Signature", TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + path, form))
        .sendForm(form);
  }
}
