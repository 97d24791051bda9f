package io.switchboard.http;

import io.switchboard.support.BareRouter;
import io.switchboard.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RequestDeadline} alone on a bare router, with a one-second deadline. The route behind it waits for the
 * whole body, as the API routes do, so a client that never finishes its body is the case the deadline is for.
 */
class RequestDeadlineTest {

  private static BareRouter router;

  @BeforeAll
  static void serve() {
    router = BareRouter.serve((vertx, r) -> {
      r.route().handler(new RequestDeadline(vertx, 1));
      r.route().handler(ctx -> ctx.request().body().onSuccess(body -> ctx.next()));
      // A streamed answer, as a voicemail's audio: its head at once, its end after the deadline.
      r.get("/stream").handler(ctx -> {
        ctx.response().setChunked(true).write("first part, ");
        vertx.setTimer(1_500, later -> ctx.response().end("last part"));
      });
    });
  }

  @AfterAll
  static void close() {
    router.close();
  }

  @Test
  void aRequestAnsweredInTimeIsLeftAlone() throws IOException {
    String response = RawHttp.exchange(router.port(), "POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0");

    assertEquals(200, RawHttp.status(response));
    assertTrue(response.endsWith(BareRouter.PASSED));
  }

  @Test
  void aStreamedAnswerStartedInTimeIsNotCutOff() throws IOException {
    String response = RawHttp.exchange(router.port(), "GET /stream HTTP/1.1\r\nHost: 127.0.0.1");

    assertEquals(200, RawHttp.status(response));
    assertTrue(response.contains("last part"), response);
  }

  @Test
  void aBodyThatNeverEndsIsCutOffWith408AndItsConnectionClosed() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", router.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nhalf")
          .getBytes(StandardCharsets.ISO_8859_1));

      // Reads to the end of the stream: only the server closing the connection ends it before the socket timeout.
      String response = RawHttp.readAll(socket.getInputStream());

      assertEquals(408, RawHttp.status(response));
      assertTrue(response.contains("{\"error\":\"request took too long\"}"));
    }
  }
}
