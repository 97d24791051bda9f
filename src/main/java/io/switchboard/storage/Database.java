package io.switchboard.storage;

import io.switchboard.config.StorageSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The store's database, H2 or PostgreSQL as {@link StorageSettings} names it: its pools and its schema. Each part of
 * the server that keeps tables there (the call records, the directory) opens its own pool here.
 */
public final class Database {

  /** H2 speaks PostgreSQL's SQL in this mode; a commit is written to the file before it returns (no delay). */
  private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
      + ";WRITE_DELAY=0";
  /** How long connecting to PostgreSQL may take: never long, a dead database must not hold callbacks. */
  private static final int CONNECTION_TIMEOUT_SECONDS = 2;
  /** The migration at start-up may wait a little longer for the database than a callback may, never forever. */
  private static final int MIGRATION_TIMEOUT_SECONDS = 10;

  private Database() {
  }

  /** A pool of up to {@code maxSize} connections; nothing is connected until the first query. */
  public static Pool pool(Vertx vertx, StorageSettings settings, String name, int maxSize) {
    // No wait limit on the pool itself: Vert.x 5.0.10's pool throws a NullPointerException when that limit expires
    // and never answers the request, which hung the store's start (the first connection took longer than the limit
    // on a loaded machine) and would hang a commit. A dead database still fails fast: connecting is bounded.
    PoolOptions poolOptions = new PoolOptions().setMaxSize(maxSize).setName(name).setConnectionTimeout(0);
    if (settings.isPostgres()) {
      return PgBuilder.pool().with(poolOptions)
          // Keepalive closes a connection whose database vanished without a word (a host powered off mid-query),
          // which would otherwise hold its commit, and the store DOWN, for good; the kernel's
          // net.ipv4.tcp_keepalive_time says how soon.
          .with(new NetClientOptions().setConnectTimeout(CONNECTION_TIMEOUT_SECONDS * 1000).setTcpKeepAlive(true))
          .connectingTo(postgres(settings).setCachePreparedStatements(true)).using(vertx).build();
    }
    return JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(h2Url(settings))
        .setUser(settings.user()).setPassword(settings.password()), poolOptions);
  }

  /**
   * Brings the schema to the newest migration; blocking: run it off the event loop. Running it again on a schema
   * already there changes nothing.
   *
   * @return the schema's version now
   */
  public static String migrate(StorageSettings settings) {
    return migrate(settings, MigrationVersion.LATEST);
  }

  /** Brings the schema to {@code target}: an older one only for the tests of an upgrade. */
  static String migrate(StorageSettings settings, MigrationVersion target) {
    FluentConfiguration flyway = Flyway.configure().locations("classpath:db/migration").target(target);
    if (settings.isPostgres()) {
      PgConnectOptions connect = postgres(settings);
      // The URL's own options (sslmode…) apply to the migration as to the pool; the driver's timeouts keep a
      // database that accepts connections but does not answer from holding the start-up forever.
      int options = settings.url().indexOf('?');
      String jdbcUrl = "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase()
          + "?" + (options < 0 ? "" : settings.url().substring(options + 1) + "&")
          + "connectTimeout=" + MIGRATION_TIMEOUT_SECONDS + "&loginTimeout=" + MIGRATION_TIMEOUT_SECONDS
          + "&socketTimeout=" + MIGRATION_TIMEOUT_SECONDS * 6;
      flyway.dataSource(jdbcUrl, connect.getUser(), connect.getPassword());
    } else {
      flyway.dataSource(h2Url(settings), settings.user(), settings.password());
    }
    MigrateResult result = flyway.load().migrate();
    return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
  }

  /** Where the database is, for the log: never the credentials. */
  public static String location(StorageSettings settings) {
    if (settings.isPostgres()) {
      PgConnectOptions connect = postgres(settings);
      return "PostgreSQL at " + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
    }
    return "H2 file " + settings.url().substring("jdbc:h2:file:".length()).split(";", 2)[0];
  }

  /** An instant as both clients write a {@code TIMESTAMP WITH TIME ZONE}. */
  public static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** A {@code TIMESTAMP WITH TIME ZONE} as either client decodes it. */
  public static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    if (value instanceof LocalDateTime time) {
      return time.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Instant time) {
      return time;
    }
    throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
  }

  private static PgConnectOptions postgres(StorageSettings settings) {
    PgConnectOptions options = PgConnectOptions.fromUri(settings.url());
    if (!settings.user().isEmpty()) {
      options.setUser(settings.user());
    }
    if (!settings.password().isEmpty()) {
      options.setPassword(settings.password());
    }
    return options;
  }

  private static String h2Url(StorageSettings settings) {
    return settings.url() + H2_OPTIONS;
  }
}
