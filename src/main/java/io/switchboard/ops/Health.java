package io.switchboard.ops;

import io.switchboard.directory.LiveDirectory;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicReference;

/** Whether the server is alive, and whether it should be sent traffic: all verticles up and not shutting down. */
public final class Health {

  private enum State { STARTING, READY, STOPPING }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final LiveDirectory directory;

  public Health(LiveDirectory directory) {
    this.directory = directory;
  }

  public void ready() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  public void stopping() {
    state.set(State.STOPPING);
  }

  public boolean isReady() {
    return state.get() == State.READY;
  }

  /** The readiness report served on {@code /health}. */
  public JsonObject report() {
    State current = state.get();
    return new JsonObject()
        .put("status", current == State.READY ? "UP" : "DOWN")
        .put("checks", new JsonObject()
            .put("config", "UP")
            .put("verticles", switch (current) {
              case STARTING -> "STARTING";
              case READY -> "UP";
              case STOPPING -> "STOPPING";
            })
            .put("directoryEntries", directory.get().size()));
  }
}
