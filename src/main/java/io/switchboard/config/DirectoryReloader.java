package io.switchboard.config;

import io.switchboard.directory.Directory;
import io.switchboard.directory.LiveDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Watches the configuration file and puts an edited directory in force within a few seconds, without a restart.
 * The whole file is validated as at start-up; an edit that does not validate is refused and logged once, and the
 * directory in force stays. Other settings are read at start-up only: when an edit changes any of them, the log names
 * each ({@link SwitchboardConfig#changesNeedingRestart}). With the store as the directory's source, the file's
 * entries are not put in force: an edit of them is logged as ignored.
 */
public final class DirectoryReloader extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryReloader.class);

  private final ConfigSource source;
  private final String file;
  private final SwitchboardConfig startedWith;
  private final LiveDirectory directory;
  private Buffer lastSeen;
  private String lastEntriesHash;

  public DirectoryReloader(ConfigSource source, SwitchboardConfig startedWith, LiveDirectory directory) {
    this.source = source;
    this.file = source.file().toString();
    this.startedWith = startedWith;
    this.directory = directory;
    this.lastEntriesHash = DirectoryEntryFormat.hash(startedWith.directory().entries().entries());
  }

  @Override
  public Future<?> start() {
    return vertx.fileSystem().readFile(file).onSuccess(content -> {
      lastSeen = content;
      vertx.setPeriodic(startedWith.directory().reloadIntervalSeconds() * 1000L, id -> check());
    });
  }

  private void check() {
    vertx.fileSystem().readFile(file)
        .onFailure(error -> LOG.warn("Cannot read {} to reload the directory: {}", file, error.getMessage()))
        .onSuccess(content -> {
          if (!content.equals(lastSeen)) {
            lastSeen = content;
            vertx.executeBlocking(() -> ConfigLoader.parseFile(source.file(), content.toString(), source.environment()))
                .onSuccess(this::apply)
                .onFailure(error -> LOG.error("Directory edit refused, the previous directory stays in force: {}",
                    error.getMessage()));
          }
        });
  }

  private void apply(SwitchboardConfig edited) {
    Directory entries = edited.directory().entries();
    String hash = DirectoryEntryFormat.hash(entries.entries());
    if (startedWith.directory().source() == DirectorySettings.Source.FILE) {
      directory.replace(entries);
      LOG.info("Directory reloaded from {}: {} entries", file, entries.size());
      // Only when the entries changed: every page renews its token on it, and an edit elsewhere in the file is none.
      if (!hash.equals(lastEntriesHash)) {
        vertx.eventBus().publish(LiveDirectory.EVENTS_ADDRESS, new JsonObject(),
            new DeliveryOptions().setLocalOnly(true));
      }
    } else if (!hash.equals(lastEntriesHash)) {
      LOG.warn("{}: directory.entries edited, but the directory in force is the store's (directory.source): the edit"
          + " is ignored; change entries through {}", file, "/admin/api/directory");
    }
    lastEntriesHash = hash;
    List<String> changes = startedWith.changesNeedingRestart(edited);
    if (!changes.isEmpty()) {
      LOG.warn("{} changed outside the directory entries; restart to apply: {}", file, String.join(", ", changes));
    }
  }
}
