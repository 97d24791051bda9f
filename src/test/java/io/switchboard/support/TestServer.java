package io.switchboard.support;

import io.switchboard.SwitchboardVerticle;
import io.switchboard.config.ConfigLoader;
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

/** The real server, deployed on a free port of the loopback interface, and a web client pointed at it. */
public final class TestServer {

  private final int port;
  private final WebClient client;

  private TestServer(int port, WebClient client) {
    this.port = port;
    this.client = client;
  }

  public static Future<TestServer> start(Vertx vertx, JsonObject config) {
    int port = config.getJsonObject("http").getInteger("port");
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(port)
        .setKeepAlive(false));
    return vertx.deployVerticle(new SwitchboardVerticle(ConfigLoader.parse(config, Map.of())))
        .map(id -> new TestServer(port, client));
  }

  public static Future<TestServer> start(Vertx vertx) {
    return start(vertx, TestConfig.json(TestConfig.freePort()));
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

  /** POSTs a webhook form the way Twilio does: form-encoded and signed for the configured public URL. */
  public Future<HttpResponse<Buffer>> postSignedWebhook(String path, MultiMap form) {
    return client.post(path)
        .putHeader("X-Twilio-Signature", TwilioSignatures.sign(TestConfig.PUBLIC_BASE_URL + path, form))
        .sendForm(form);
  }
}
