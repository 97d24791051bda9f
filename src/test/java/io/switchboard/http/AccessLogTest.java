package io.switchboard.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.List;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class AccessLogTest {

  private final Logger accessLogger = (Logger) LoggerFactory.getLogger("switchboard.access");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    accessLogger.addAppender(lines);
  }

  @AfterEach
  void release() {
    accessLogger.detachAppender(lines);
  }

  @Test
  void oneLinePerRequestWithoutQueryBodyOrToken(Vertx vertx) throws InterruptedException {
    TestServer server = TestServer.start(vertx).await();
    HttpResponse<Buffer> token = server.post(CAPABILITY_TOKEN + "?note=private-query")
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER)).await();
    server.client().get("/no-such-page").send().await();
    // The line is written when the response has gone out, which may be just after the client has it.
    Thread.sleep(200);

    List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(2, logged.size(), logged.toString());
    assertTrue(logged.get(0).matches("127\\.0\\.0\\.1 POST " + CAPABILITY_TOKEN + " 200 \\d+ms"), logged.get(0));
    assertTrue(logged.get(1).matches("127\\.0\\.0\\.1 GET /no-such-page 404 \\d+ms"), logged.get(1));
    String accessToken = token.bodyAsJsonObject().getString("accessToken");
    for (String line : logged) {
      assertFalse(line.contains("private-query"), "no query string");
      assertFalse(line.contains(TestConfig.TWILIO_NUMBER), "no body");
      assertFalse(line.contains(accessToken.substring(0, 20)), "no token");
    }
  }

  @Test
  void canBeTurnedOff(Vertx vertx) throws InterruptedException {
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("accessLog", false);
    TestServer server = TestServer.start(vertx, config).await();

    HttpResponse<Buffer> page = server.client().get("/").send().await();
    Thread.sleep(200);

    assertEquals(200, page.statusCode());
    assertEquals(List.of(), lines.list);
  }
}
