package io.switchboard.admin;

import io.switchboard.admin.DirectoryCommand.AddEntry;
import io.switchboard.admin.DirectoryCommand.ChangeEntry;
import io.switchboard.admin.DirectoryCommand.GetEntry;
import io.switchboard.admin.DirectoryCommand.ListChanges;
import io.switchboard.admin.DirectoryCommand.ListEntries;
import io.switchboard.admin.DirectoryCommand.RemoveEntry;
import io.switchboard.admin.DirectoryStore.StoredEntry;
import io.switchboard.bus.Refusal;
import io.switchboard.config.ConfigException;
import io.switchboard.config.DirectoryEntryFormat;
import io.switchboard.config.DirectorySettings;
import io.switchboard.config.StorageSettings;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.LiveDirectory;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The directory kept in the store ({@code directory.source: "store"}): imports the file's entries on the first
 * start, puts the store's entries in force at start-up, answers the admin API's {@link DirectoryCommand}s, and
 * after each committed change publishes {@link AdminAddresses#CHANGED}, on which every node (this one included)
 * reads the store again. One instance per node.
 */
public final class StoredDirectory extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StoredDirectory.class);
  private static final String UNAVAILABLE = "directory store unavailable";
  /** Reads and changes are one at a time per admin, rare: two connections leave one for a reload. */
  private static final int POOL_SIZE = 2;

  private final StorageSettings storage;
  private final DirectorySettings settings;
  private final LiveDirectory directory;
  private final PhoneNumbers phoneNumbers;
  /** Tells this node's own change notices from other nodes'. */
  private final String origin = UUID.randomUUID().toString();
  private Pool pool;
  private DirectoryStore store;
  /** The last reload, so that reloads run one after the other and the last one reads the last change. */
  private Future<Void> reloaded = Future.succeededFuture();

  public StoredDirectory(StorageSettings storage, DirectorySettings settings, LiveDirectory directory) {
    this.storage = storage;
    this.settings = settings;
    this.directory = directory;
    this.phoneNumbers = settings.entries().phoneNumbers();
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, storage, "directory", POOL_SIZE);
    store = new DirectoryStore(pool);
    // Listening before the first read: a change another node commits meanwhile is read, not missed.
    vertx.eventBus().<JsonObject>consumer(AdminAddresses.CHANGED, notice -> {
      if (!origin.equals(notice.body().getString("origin"))) {
        reload();
      }
    });
    vertx.eventBus().<DirectoryCommand>localConsumer(AdminAddresses.DIRECTORY, this::command);
    return vertx.executeBlocking(() -> Database.migrate(storage), false)
        .compose(version -> store.importIfFirstStart(stored(settings.entries().entries())))
        .onSuccess(imported -> {
          if (imported > 0) {
            LOG.info("First start on the store: imported the configuration's {} directory entries", imported);
          }
        })
        .compose(imported -> load())
        .onSuccess(loaded -> {
          directory.replace(loaded);
          LOG.info("Directory from the store ({}): {} entries, hash {}; the file's directory.entries are not"
              + " reloaded", Database.location(storage), loaded.size(), DirectoryEntryFormat.hash(loaded.entries()));
          if (settings.reloadIntervalSeconds() > 0) {
            // In case a notice was lost (a node cut off from the cluster for a while): cheap, the table is small.
            vertx.setPeriodic(settings.reloadIntervalSeconds() * 1000L, id -> reload());
          }
        })
        .recover(failure -> Future.failedFuture("directory.source is store, but the store's directory cannot be"
            + " read: " + reason(failure)));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  /** Reads the store's directory and puts it in force if it differs; one reload at a time. */
  private Future<Void> reload() {
    reloaded = reloaded.transform(previous -> load().map(loaded -> {
      String hash = DirectoryEntryFormat.hash(loaded.entries());
      if (!hash.equals(DirectoryEntryFormat.hash(directory.get().entries()))) {
        directory.replace(loaded);
        LOG.info("Directory reloaded from the store: {} entries, hash {}", loaded.size(), hash);
        vertx.eventBus().publish(LiveDirectory.EVENTS_ADDRESS, new JsonObject(),
            new DeliveryOptions().setLocalOnly(true));
      }
      return (Void) null;
    }).onFailure(failure -> LOG.warn("Cannot read the store's directory; the one in force stays: {}",
        reason(failure))));
    return reloaded;
  }

  /** The store's entries as a directory, each checked as the file's are. */
  private Future<Directory> load() {
    return store.entries().map(rows -> {
      List<DirectoryEntry> entries = new ArrayList<>();
      for (JsonObject row : rows) {
        entries.add(DirectoryEntryFormat.read(row, phoneNumbers));
      }
      return new Directory(phoneNumbers, entries);
    });
  }

  private void command(Message<DirectoryCommand> message) {
    try {
      answer(message.body()).onSuccess(message::reply).onFailure(failure -> refuse(message, failure));
    } catch (Refusal refusal) {
      message.reply(refusal);
    } catch (RuntimeException e) {
      LOG.error("A directory command failed", e);
      message.reply(Refusal.internalError("directory command failed"));
    }
  }

  private Future<Object> answer(DirectoryCommand command) {
    if (command instanceof GetEntry get) {
      return store.entry(number(get.phoneNumber())).map(entry -> entry.orElseThrow(() -> noEntry(get.phoneNumber())));
    }
    if (command instanceof AddEntry add) {
      return add(add);
    }
    if (command instanceof ChangeEntry change) {
      return change(change);
    }
    if (command instanceof RemoveEntry remove) {
      return changed(store.remove(number(remove.phoneNumber()), remove.by())
          .map(before -> before.orElseThrow(() -> noEntry(remove.phoneNumber()))));
    }
    if (command instanceof ListChanges changes) {
      return store.changes(changes.limit(), changes.before()).map(page -> new JsonObject()
          .put("changes", new JsonArray(page))
          .put("next", page.size() < changes.limit() ? null : Long.toString(page.get(page.size() - 1).getLong("id"))));
    }
    if (command instanceof ListEntries) {
      return list();
    }
    throw new IllegalArgumentException("unknown directory command " + command.getClass().getSimpleName());
  }

  private Future<Object> list() {
    return store.entries().map(entries -> new JsonObject()
        .put("entries", new JsonArray(new ArrayList<>(entries)))
        .put("hash", DirectoryEntryFormat.hash(directory.get().entries())));
  }

  private Future<Object> add(AddEntry add) {
    StoredEntry entry = checked(add.entry());
    return changed(store.add(entry, add.by()).map(added -> {
      if (!added) {
        throw Refusal.of(409, "phoneNumber: " + entry.number() + " has an entry already; change it with PUT");
      }
      return entry.json();
    }));
  }

  private Future<Object> change(ChangeEntry change) {
    String number = number(change.phoneNumber());
    JsonObject json = change.entry().copy();
    if (!json.containsKey("phoneNumber")) {
      json.put("phoneNumber", number);
    }
    StoredEntry entry = checked(json);
    if (!entry.number().equals(number)) {
      throw Refusal.of(400, "phoneNumber: an entry keeps its number; remove it and add the new number's");
    }
    return changed(store.change(entry, change.by())
        .map(before -> {
          before.orElseThrow(() -> noEntry(change.phoneNumber()));
          return entry.json();
        }));
  }

  /**
   * Once a change is committed: the other nodes are told, and this one reads it before the admin is answered, so
   * that the admin's next request to this node sees it. The change is answered as made even if that read fails (it
   * is logged, and the next reading puts it in force): a retry would find it done.
   */
  private Future<Object> changed(Future<?> committed) {
    return committed.compose(answer -> {
      vertx.eventBus().publish(AdminAddresses.CHANGED, new JsonObject().put("origin", origin));
      return reload().transform(read -> Future.succeededFuture(answer));
    });
  }

  /** The entry checked as the file's are, and written in their shape: a 400 with the configuration's message. */
  private StoredEntry checked(JsonObject json) {
    try {
      DirectoryEntry entry = DirectoryEntryFormat.read(json, phoneNumbers);
      return new StoredEntry(entry.phoneNumber(), DirectoryEntryFormat.write(entry));
    } catch (ConfigException e) {
      throw Refusal.of(400, e.getMessage());
    }
  }

  private String number(String raw) {
    return phoneNumbers.toE164(raw)
        .orElseThrow(() -> Refusal.of(400, "'" + raw + "' is not a valid phone number"));
  }

  private static Refusal noEntry(String number) {
    return Refusal.of(404, "no entry for " + number);
  }

  private static List<StoredEntry> stored(List<DirectoryEntry> entries) {
    return entries.stream()
        .map(entry -> new StoredEntry(entry.phoneNumber(), DirectoryEntryFormat.write(entry))).toList();
  }

  private static void refuse(Message<DirectoryCommand> message, Throwable failure) {
    if (failure instanceof Refusal refusal) {
      message.reply(refusal);
    } else {
      LOG.warn("The store's directory cannot be used: {}", reason(failure));
      message.reply(Refusal.unavailable(UNAVAILABLE));
    }
  }

  /** What failed, one line: a database's messages name hosts and tables, never the password. */
  private static String reason(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }
}
