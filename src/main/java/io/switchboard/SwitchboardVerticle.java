package io.switchboard;

import io.switchboard.admin.AdminAddresses;
import io.switchboard.admin.AdminApi;
import io.switchboard.admin.StoredDirectory;
import io.switchboard.bus.Refusal;
import io.switchboard.cluster.ClusterLimiter;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.config.ConfigSource;
import io.switchboard.config.DirectoryReloader;
import io.switchboard.config.DirectorySettings;
import io.switchboard.config.SecuritySettings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.events.StreamQuota;
import io.switchboard.http.HttpVerticle;
import io.switchboard.ops.Health;
import io.switchboard.ops.ManagementVerticle;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.recordings.RecordingsAddresses;
import io.switchboard.recordings.RecordingsVerticle;
import io.switchboard.security.AsyncLimiter;
import io.switchboard.security.Limiter;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.storage.StorageVerticle;
import io.switchboard.token.TokenRequest;
import io.switchboard.token.TokenVerticle;
import io.switchboard.twiml.CallParameters;
import io.switchboard.twiml.TwimlVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.Optional;

/**
 * The whole server. The token, TwiML, storage and recordings verticles start first, so that their consumers are
 * registered before the HTTP verticle accepts the first request; on the way down the HTTP verticle stops first
 * ({@link #drain()}), so that requests in flight still find them, and the storage verticle, which owns the
 * database's pool, closes after it. The token, TwiML, recordings and HTTP verticles run one instance on each event
 * loop ({@link ServerVertx}), so that a request's event-bus hop stays on its loop
 * ({@link io.switchboard.bus.EventLoopAffinity}).
 */
public final class SwitchboardVerticle extends VerticleBase {

  private final SwitchboardConfig config;
  private final Optional<ConfigSource> source;
  private final SwitchboardMetrics metrics;
  private final LiveDirectory directory;
  private final Health health;
  private String httpDeployment;
  private String storageDeployment;

  /** @param source the configuration's file, watched for directory edits; empty to keep the directory as started */
  public SwitchboardVerticle(SwitchboardConfig config, Optional<ConfigSource> source, SwitchboardMetrics metrics) {
    this.config = config;
    this.source = source;
    this.metrics = metrics;
    this.directory = new LiveDirectory(config.directory().entries());
    this.health = new Health(directory, config.directory().source());
  }

  @Override
  public Future<?> start() {
    DeploymentOptions perCore = ServerVertx.onEachEventLoop();
    SecuritySettings security = config.security();
    // One of each, shared by all instances: the limits hold per server, not per event loop; the token API's, in a
    // cluster, per cluster, not per node.
    Optional<ClusterNode> node = ClusterNode.of(vertx);
    node.ifPresent(clustered -> health.cluster(clustered::report));
    AsyncLimiter failedAttempts = limiter(node, "failedAttempts", security.maxFailedAttempts(), security.lockoutSeconds());
    AsyncLimiter tokenRequests = limiter(node, "tokenRequests", security.tokenRequestsPerMinute(), 60);
    int maxCallsPerHour = config.dial().maxCallsPerHour();
    Optional<Limiter> callsPerHour =
        maxCallsPerHour == 0 ? Optional.empty() : Optional.of(new Limiter(maxCallsPerHour, 3600));
    Limiter apiRequests = new Limiter(security.apiRequestsPerMinute(), 60);
    StreamQuota streams = new StreamQuota(config.events().maxStreamsPerClient(), config.events().maxStreams());
    Refusal.registerCodec(vertx.eventBus());
    TokenRequest.registerCodec(vertx.eventBus());
    CallParameters.registerCodec(vertx.eventBus());
    StorageAddresses.registerCodecs(vertx.eventBus());
    AdminAddresses.registerCodecs(vertx.eventBus());
    AdminApi admin = new AdminApi(config.admin(), failedAttempts, config.http().maxBodyBytes());
    RecordingsAddresses.registerCodecs(vertx.eventBus());
    return vertx.deployVerticle(() -> new TokenVerticle(config, directory, failedAttempts, metrics), perCore)
        .compose(id -> vertx.deployVerticle(() -> new TwimlVerticle(config, directory, callsPerHour, metrics), perCore))
        // One instance: it owns the pool and orders its writes (one transaction at a time on H2).
        .compose(id -> vertx.deployVerticle(new StorageVerticle(config.storage(), health, metrics)))
        .compose(id -> {
          storageDeployment = id;
          return deployStoredDirectory();
        })
        .compose(id -> vertx.deployVerticle(() -> new RecordingsVerticle(config.twilio()), perCore))
        .compose(id -> deployReloader())
        .compose(id -> deployManagement(admin))
        .compose(id -> vertx.deployVerticle(
            () -> new HttpVerticle(config, health, metrics, tokenRequests, apiRequests, directory, admin, streams),
            perCore))
        .onSuccess(id -> {
          httpDeployment = id;
          health.ready();
        });
  }

  private AsyncLimiter limiter(Optional<ClusterNode> node, String name, int limit, int windowSeconds) {
    return node.<AsyncLimiter>map(clustered -> new ClusterLimiter(vertx, clustered, name, limit, windowSeconds,
            System::currentTimeMillis))
        .orElseGet(() -> AsyncLimiter.inProcess(new Limiter(limit, windowSeconds)));
  }

  /**
   * The first step of a graceful stop: readiness turns DOWN and the HTTP verticle stops accepting and lets the
   * requests in flight finish, while the token, TwiML and storage verticles still answer them; then the storage
   * verticle closes its pool. Vert.x would undeploy all children at once, so this runs before the Vert.x instance
   * is closed.
   */
  public Future<Void> drain() {
    health.stopping();
    Future<Void> http = httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment);
    return http.compose(drained -> storageDeployment == null ? Future.succeededFuture()
        : vertx.undeploy(storageDeployment));
  }

  private Future<String> deployReloader() {
    if (source.isEmpty() || config.directory().reloadIntervalSeconds() == 0) {
      return Future.succeededFuture("");
    }
    return vertx.deployVerticle(new DirectoryReloader(source.get(), config, directory));
  }

  /** With the store as the source, the directory in force is the store's before the first request is taken. */
  private Future<String> deployStoredDirectory() {
    if (config.directory().source() != DirectorySettings.Source.STORE) {
      return Future.succeededFuture("");
    }
    return vertx.deployVerticle(new StoredDirectory(config.storage(), config.directory(), directory));
  }

  private Future<String> deployManagement(AdminApi admin) {
    return config.management()
        .map(settings -> vertx.deployVerticle(new ManagementVerticle(settings, health, metrics, admin)))
        .orElseGet(() -> Future.succeededFuture(""));
  }
}
