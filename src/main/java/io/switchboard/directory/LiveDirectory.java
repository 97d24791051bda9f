package io.switchboard.directory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The directory in force. A reload swaps in a whole new {@link Directory} at once, so a request that took the
 * directory sees one version from start to end, and none waits for the swap.
 */
public final class LiveDirectory implements Supplier<Directory> {

  /**
   * Where a node says, to itself only, that it has put a new directory in force (edited file, or a change in the
   * store), body {@code {}}: the events package tells the browsers to renew their tokens, once per node whatever
   * the size of the cluster.
   */
  public static final String EVENTS_ADDRESS = "events.directory";

  private final AtomicReference<Directory> current;

  public LiveDirectory(Directory initial) {
    this.current = new AtomicReference<>(initial);
  }

  @Override
  public Directory get() {
    return current.get();
  }

  public void replace(Directory directory) {
    current.set(directory);
  }
}
