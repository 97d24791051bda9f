package io.switchboard.ops;

import io.switchboard.directory.LiveDirectory;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the server is alive, and whether it should be sent traffic: all verticles up and not shutting down. The
 * call records' database is reported but does not decide readiness: calls ring without it.
 */
public final class Health {

  private enum State { STARTING, READY, STOPPING }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final LiveDirectory directory;
  /** Why the call records' database cannot be used; null while it can. */
  private final AtomicReference<String> storageProblem = new AtomicReference<>();

  public Health(LiveDirectory directory) {
    this.directory = directory;
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
            .put("storage", storage));
  }
}
