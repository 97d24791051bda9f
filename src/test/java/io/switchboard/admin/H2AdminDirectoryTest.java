package io.switchboard.admin;

import io.switchboard.support.TestConfig;
import io.vertx.core.json.JsonObject;

/** The store's directory on the embedded H2 file, a new one for each test. */
class H2AdminDirectoryTest extends AdminDirectoryContract {

  @Override
  JsonObject freshStorage() {
    return new JsonObject().put("url", "jdbc:h2:file:" + TestConfig.freshDatabaseFolder().resolve("switchboard"));
  }
}
