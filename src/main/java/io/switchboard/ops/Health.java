package io.switchboard.ops;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.config.DirectoryEntryFormat;
import io.switchboard.config.DirectorySettings;
import io.switchboard.directory.Directory;
import io.switchboard.directory.LiveDirectory;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Whether the server is alive, and whether it should be sent traffic: all verticles up and not shutting down. The
 * call records' database and the cluster are reported but do not decide readiness: calls ring without them.
 */
public final class Health {

  private enum State { STARTING, READY, STOPPING }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final LiveDirectory directory;
  private final DirectorySettings.Source directorySource;
  /** The hash of the directory last reported, computed once per directory put in force. */
  private final AtomicReference<HashedDirectory> hashed = new AtomicReference<>();
  /** Why the call records' database cannot be used; null while it can. */
  private final AtomicReference<String> storageProblem = new AtomicReference<>();
  private volatile Supplier<JsonObject> cluster = ClusterNode::notClustered;

  private record HashedDirectory(Directory directory, String hash) {
  }

  public Health(LiveDirectory directory, DirectorySettings.Source directorySource) {
    this.directory = directory;
    this.directorySource = directorySource;
  }

  public void ready() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  public void stopping() {
    state.set(State.STOPPING);
  }

  public void storageUp() {
    storageProblem.set(null);
  }

  /** @param reason what failed, for an operator: never a secret */
  public void storageDown(String reason) {
    storageProblem.set(reason);
  }

  /** @param report this node's view of its cluster, made anew for each report */
  public void cluster(Supplier<JsonObject> report) {
    this.cluster = report;
  }

  public boolean isReady() {
    return state.get() == State.READY;
  }

  /** The readiness report served on {@code /health}. */
  public JsonObject report() {
    State current = state.get();
    String problem = storageProblem.get();
    JsonObject storage = problem == null ? new JsonObject().put("status", "UP")
        : new JsonObject().put("status", "DOWN").put("reason", problem);
    return new JsonObject()
        .put("status", current == State.READY ? "UP" : "DOWN")
        .put("checks", new JsonObject()
            .put("config", "UP")
            .put("verticles", switch (current) {
              case STARTING -> "STARTING";
              case READY -> "UP";
              case STOPPING -> "STOPPING";
            })
            .put("directoryEntries", directory.get().size())
            .put("storage", storage))
        .put("directory", new JsonObject()
            .put("source", directorySource.name().toLowerCase(Locale.ROOT))
            .put("hash", directoryHash()))
        .put("cluster", cluster.get());
  }

  /** Equal on every node with the same entries in force: an operator compares it across the cluster. */
  private String directoryHash() {
    Directory inForce = directory.get();
    HashedDirectory last = hashed.get();
    if (last == null || last.directory() != inForce) {
      last = new HashedDirectory(inForce, DirectoryEntryFormat.hash(inForce.entries()));
      hashed.set(last);
    }
    return last.hash();
  }
}
