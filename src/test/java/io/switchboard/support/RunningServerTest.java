package io.switchboard.support;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the test classes that share one server, on the test configuration, for all their tests. */
@ExtendWith(VertxExtension.class)
public abstract class RunningServerTest {

  protected static TestServer server;

  @BeforeAll
  static void deploy(Vertx vertx) {
    server = TestServer.start(vertx).await();
  }
}
