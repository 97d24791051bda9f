package io.switchboard.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL for all the tests of a class, started before the first and stopped after the last:
 * {@code @RegisterExtension static final PostgresPerClass postgres = new PostgresPerClass();}.
 */
public final class PostgresPerClass implements BeforeAllCallback, AfterAllCallback {

  private PostgresServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = PostgresServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
  }

  public PostgresServer server() {
    return server;
  }
}
