package io.switchboard.admin;

import io.switchboard.bus.LocalCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * Event-bus addresses of the store's directory ({@link StoredDirectory}). Failures are
 * {@link io.switchboard.bus.Refusal}s: 400 with the configuration's message for an entry that does not validate,
 * 404 for a number without an entry, 409 for a number that has one, 503 when the store cannot be reached.
 */
public final class AdminAddresses {

  /** {@link DirectoryCommand}s of the admin API, answered by this node's own consumer: never sent to another node. */
  public static final String DIRECTORY = "directory.admin";

  /**
   * Published (cluster-wide when clustered) after a change is committed, a JSON object: every node reads the
   * store's directory again and puts it in force.
   */
  public static final String CHANGED = "directory.changed";

  private AdminAddresses() {
  }

  /** Makes this package's messages message types of {@code bus}; once per Vert.x instance. */
  public static void registerCodecs(EventBus bus) {
    LocalCodec.register(bus, DirectoryCommand.ListEntries.class);
    LocalCodec.register(bus, DirectoryCommand.GetEntry.class);
    LocalCodec.register(bus, DirectoryCommand.AddEntry.class);
    LocalCodec.register(bus, DirectoryCommand.ChangeEntry.class);
    LocalCodec.register(bus, DirectoryCommand.RemoveEntry.class);
    LocalCodec.register(bus, DirectoryCommand.ListChanges.class);
  }
}
