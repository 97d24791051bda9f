package io.switchboard.directory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The directory in force. A reload swaps in a whole new {@link Directory} at once, so a request that took the
 * directory sees one version from start to end, and none waits for the swap.
 */
public final class LiveDirectory implements Supplier<Directory> {

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
