package io.switchboard.support;

import io.switchboard.admin.AdminApi;
import io.switchboard.SwitchboardVerticle;
import io.switchboard.bus.Refusal;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.events.StreamQuota;
import io.switchboard.http.HttpVerticle;
import io.switchboard.ops.Health;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.AsyncLimiter;
import io.switchboard.security.Limiter;
import io.switchboard.storage.CallCallback;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.twiml.CallParameters;
import io.switchboard.twiml.TwimlVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The server's HTTP and TwiML verticles, as {@link SwitchboardVerticle} deploys them, with a store whose answers
 * the test chooses in place of the storage verticle: what reaches the store, when the answer is sent and what a
 * refusal becomes can then be seen exactly. The real store's own tests show what it does with a callback.
 */
public final class StoreStandIn {

  private final List<CallCallback> received = new CopyOnWriteArrayList<>();
  private volatile Function<CallCallback, Future<String>> answer = callback -> Future.succeededFuture("stored");
  private final SwitchboardMetrics metrics = new SwitchboardMetrics();
  private WebClient client;

  /** Deploys on {@code vertx}, whose event bus must not carry the server's codecs yet. */
  public static StoreStandIn deploy(Vertx vertx, JsonObject json) {
    StoreStandIn store = new StoreStandIn();
    SwitchboardConfig config = ConfigLoader.parse(json, Map.of());
    LiveDirectory directory = new LiveDirectory(config.directory().entries());
    Refusal.registerCodec(vertx.eventBus());
    CallParameters.registerCodec(vertx.eventBus());
    StorageAddresses.registerCodecs(vertx.eventBus());
    vertx.eventBus().<CallCallback>consumer(StorageAddresses.RECORD_CALLBACK, store::take).completion().await();
    vertx.deployVerticle(new TwimlVerticle(config, directory, Optional.empty(), store.metrics)).await();
    vertx.deployVerticle(new HttpVerticle(config, new Health(directory, config.directory().source()), store.metrics,
        AsyncLimiter.inProcess(new Limiter(1000, 60)), new Limiter(1000, 60), directory,
        new AdminApi(config.admin(), AsyncLimiter.inProcess(new Limiter(1000, 60)),
            config.http().maxBodyBytes()), new StreamQuota(1, 1))).await();
    store.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(config.http().port()).setKeepAlive(false));
    return store;
  }

  private void take(Message<CallCallback> message) {
    received.add(message.body());
    answer.apply(message.body()).onComplete(reply -> {
      if (reply.succeeded()) {
        message.reply(reply.result());
      } else if (reply.cause() instanceof Refusal refusal) {
        message.reply(refusal);
      } else {
        message.reply(Refusal.internalError(reply.cause().toString()));
      }
    });
  }

  /** Every callback from now on is answered by {@code answer}; a {@link Refusal} is the store's refusal. */
  public void answers(Function<CallCallback, Future<String>> answer) {
    this.answer = answer;
  }

  /** Every callback from now on waits for {@code reply}. */
  public void holds(Promise<String> reply) {
    answers(callback -> reply.future());
  }

  /** Every callback from now on is refused so. */
  public void refuses(Refusal refusal) {
    answers(callback -> Future.failedFuture(refusal));
  }

  public List<CallCallback> received() {
    return List.copyOf(received);
  }

  public void clear() {
    received.clear();
    answers(callback -> Future.succeededFuture("stored"));
  }

  public WebClient client() {
    return client;
  }

  public SwitchboardMetrics metrics() {
    return metrics;
  }
}
