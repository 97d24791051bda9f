package io.switchboard.admin;

import io.switchboard.support.PostgresPerClass;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

/** The store's directory on a real PostgreSQL, one server for the class and a new database for each test. */
@Tag("postgres")
class PostgresAdminDirectoryTest extends AdminDirectoryContract {

  @RegisterExtension
  static final PostgresPerClass postgres = new PostgresPerClass();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  JsonObject freshStorage() {
    String name = "directory" + DATABASES.incrementAndGet();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(postgres.server().url())
          .setUser(postgres.server().user())).using(vertx).build();
      pool.query("CREATE DATABASE " + name).execute().await();
    } finally {
      vertx.close().await();
    }
    return new JsonObject().put("url", postgres.server().url().replaceFirst("/postgres$", "/" + name))
        .put("user", postgres.server().user());
  }
}
