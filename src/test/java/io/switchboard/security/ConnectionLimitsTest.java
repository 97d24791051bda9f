package io.switchboard.security;

import io.switchboard.support.RawHttp;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slow and silent clients: the server keeps answering others, and cuts them off at the configured limits. */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {

  private static final int HANGING = 300;
  private static final int DEADLINE_SECONDS = 2;

  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void hundredsOfHangingConnectionsNeitherStarveTheServerNorOutliveTheDeadline(Vertx vertx) throws Exception {
    int port = TestConfig.freePort();
    JsonObject config = TestConfig.json(port);
    config.getJsonObject("http").put("requestTimeoutSeconds", DEADLINE_SECONDS).put("idleTimeoutSeconds", DEADLINE_SECONDS);
    TestServer server = TestServer.start(vertx, config).await();

    byte[] body = new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER).encode()
        .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < HANGING; i++) {
      Socket socket = new Socket("127.0.0.1", port);
      sockets.add(socket);
      String head = "POST " + CAPABILITY_TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      // A third never finish their headers, a third never send their body (both cut off by the request deadline or
      // the idle timeout, whichever comes first), a third send nothing at all (the idle timeout).
      String partial = switch (i % 3) {
        case 0 -> head + "Content-Type: application/j";
        case 1 -> head + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n{\"twilio";
        default -> "";
      };
      socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }

    long started = System.nanoTime();
    JsonObject answer = server.post(CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER))
        .await().bodyAsJsonObject();
    assertEquals(TestConfig.CLIENT, answer.getString("identity"), "a good request is answered meanwhile");

    for (Socket socket : sockets) {
      socket.setSoTimeout(20_000);
      assertClosedByServer(socket);
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    assertTrue(seconds < 20, "all cut off within the configured limits (" + seconds + " s)");
  }

  /** The server closes the connection, possibly after a 408 answer; it never leaves it hanging. */
  private static void assertClosedByServer(Socket socket) throws IOException {
    try {
      String rest = RawHttp.readAll(socket.getInputStream());
      assertTrue(rest.isEmpty() || rest.startsWith("HTTP/1.1 408"), rest);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("a hanging connection was still open after 20 s");
    } catch (IOException reset) {
      // Closed with a reset: closed all the same.
    }
  }
}
