package io.switchboard.security;

import ch.qos.logback.classic.Level;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.RawHttp;
import io.switchboard.support.RawHttp2;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.switchboard.http.ApiPaths.CALL_INCOMING;
import static io.switchboard.http.ApiPaths.CAPABILITY_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile client does with the protocol itself, over HTTP/1.1 and HTTP/2: never a 500, an ERROR or a desync. */
@ExtendWith(VertxExtension.class)
class ProtocolAbuseTest {

  @RegisterExtension
  final CapturedLogs logged = CapturedLogs.all();

  @Test
  void http11RequestWithoutHostIsABadRequestThatLogsNothing(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(vertx).await();
    logged.clear();

    for (String path : List.of("/health", "/", "/no-such-page", CAPABILITY_TOKEN, CALL_INCOMING)) {
      String response = RawHttp.exchange(server.port(), "POST " + path + " HTTP/1.1\r\nContent-Length: 0");
      assertEquals(400, RawHttp.status(response), path + " answered:\n" + response);
      assertTrue(response.contains("no valid host"), response);
    }
    String get = RawHttp.exchange(server.port(), "GET /health HTTP/1.1");
    assertEquals(400, RawHttp.status(get), get);

    assertNothingLoggedBeyondTheAccessLog();
  }

  @Test
  void http2RequestWithoutAuthorityIsABadRequestThatLogsNothing(Vertx vertx) throws Exception {
    int port = TestConfig.freePort();
    TestServer.start(vertx, TestConfig.jsonWithTls(port)).await();
    logged.clear();

    try (RawHttp2 connection = RawHttp2.connect(port)) {
      for (String path : List.of("/health", CAPABILITY_TOKEN)) {
        RawHttp2.Stream stream = connection.open(new DefaultHttp2Headers()
            .method("GET").scheme("https").path(path), true).awaitEnd(10);
        assertEquals(400, stream.status(), path);
        assertTrue(stream.body().contains("no valid host"), stream.body());
      }
      assertTrue(connection.isUsable(), "only the request is refused, not the connection");
    }

    assertNothingLoggedBeyondTheAccessLog();
  }

  @Test
  void aPathWithABrokenEscapeIsABadRequestThatLogsNothing(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(vertx).await();
    logged.clear();

    for (String path : List.of("/%zz", "/vendor/%zz", "/twilio/%zz", CAPABILITY_TOKEN + "%", "/health%g0")) {
      String response = RawHttp.exchange(server.port(), "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1");
      assertEquals(400, RawHttp.status(response), path + " answered:\n" + response);
      assertTrue(response.endsWith("{\"error\":\"the path has a broken percent-escape\"}"), response);
    }

    assertNothingLoggedBeyondTheAccessLog();
  }

  @Test
  void clearTextHttp2ByPriorKnowledgeIsNotSpoken(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(vertx).await();

    assertNoClearTextHttp2(server.port());
  }

  @Test
  void theManagementPortDoesNotSpeakClearTextHttp2Either(Vertx vertx) throws Exception {
    int managementPort = TestConfig.freePort();
    TestServer.start(vertx, TestConfig.json(TestConfig.freePort())
        .put("management", new JsonObject().put("port", managementPort))).await();

    assertNoClearTextHttp2(managementPort);
  }

  @Test
  void aRequestNamingTwoHostsIsRefused(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(vertx).await();

    String response = RawHttp.exchange(server.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example.net");

    assertEquals(400, RawHttp.status(response), response);
    assertTrue(response.endsWith("{\"error\":\"the request names more than one Host\"}"), response);
  }

  private static void assertNoClearTextHttp2(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      // The connection preface, then an empty SETTINGS frame: how an h2c client with prior knowledge starts.
      socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      socket.getOutputStream().flush();
      byte[] answer = readUntilClosedOrQuiet(socket.getInputStream());

      // An HTTP/2 server answers with its SETTINGS frame: 3 bytes of length, then type 4.
      boolean settingsFrame = answer.length >= 9 && answer[3] == 4;
      assertFalse(settingsFrame, "the server spoke HTTP/2 in clear text");
      // Read as HTTP/1 instead, "PRI * HTTP/2.0" is refused (Netty echoes the version in its status line), or the
      // connection closed.
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      assertTrue(answer.length == 0 || text.matches("(?s)HTTP/\\d\\.\\d [45]\\d\\d .*"), text);
    }
  }

  @Test
  void upgradeToH2cIsAnsweredInHttp11WithoutSwitchingProtocols(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(vertx).await();

    String response = RawHttp.exchange(server.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings");

    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    assertFalse(response.contains(" 101 "), response);
  }

  @Test
  void http2OverTlsIsStillNegotiatedByAlpn(Vertx vertx) throws Exception {
    int port = TestConfig.freePort();
    TestServer.start(vertx, TestConfig.jsonWithTls(port)).await();

    try (RawHttp2 connection = RawHttp2.connect(port)) {
      assertEquals("h2", connection.negotiatedProtocol());
      RawHttp2.Stream health = connection.open(request("GET", "/health"), true).awaitEnd(10);
      assertEquals(200, health.status());
    }
  }

  @Test
  void aTimedOutHttp2StreamIsCutOffAloneAndTheConnectionServesOthers(Vertx vertx) throws Exception {
    int port = TestConfig.freePort();
    JsonObject config = TestConfig.jsonWithTls(port);
    config.getJsonObject("http").put("requestTimeoutSeconds", 1);
    TestServer.start(vertx, config).await();

    try (RawHttp2 connection = RawHttp2.connect(port)) {
      // A token request whose body never comes.
      RawHttp2.Stream stalled = connection.open(request("POST", CAPABILITY_TOKEN)
          .add("content-type", "application/json").add("content-length", "60"), false);
      RawHttp2.Stream meanwhile = connection.open(request("GET", "/health"), true).awaitEnd(10);
      assertEquals(200, meanwhile.status(), "answered while the other stream stalls");

      stalled.awaitEnd(10);
      assertEquals(408, stalled.status());
      assertFalse(stalled.headers().contains("connection"), "HTTP/2 has no connection header");
      assertEquals("request took too long", new JsonObject(stalled.body()).getString("error"));
      assertEquals(0, stalled.awaitReset(10), "then NO_ERROR: stop sending, the answer stands (RFC 9113, 8.1)");

      assertTrue(connection.isUsable(), "the connection outlives the stream");
      RawHttp2.Stream after = connection.open(request("GET", "/health"), true).awaitEnd(10);
      assertEquals(200, after.status(), "and still serves new streams");
      assertFalse(after.wasReset());
    }
  }

  @Test
  void anExpectationOtherThanContinueIsRefusedWithItsOwnReason(Vertx vertx) throws Exception {
    TestServer server = TestServer.start(vertx).await();

    String response = RawHttp.exchange(server.port(), "POST " + CAPABILITY_TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: 0\r\nExpect: something-else");

    assertEquals(417, RawHttp.status(response), response);
    JsonObject body = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertEquals("expectation not supported: only 100-continue", body.getString("error"));
    assertEquals(false, body.getBoolean("success"), "the token API's refusal shape");
  }

  private static Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers().method(method).scheme("https").authority("127.0.0.1").path(path);
  }

  /** The bytes the server sends before it closes the connection or falls silent for a second. */
  private static byte[] readUntilClosedOrQuiet(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int read; (read = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, read);
      }
    } catch (SocketTimeoutException quiet) {
      // Nothing more is coming.
    }
    return all.toByteArray();
  }

  /** Since the server started: the access log's lines at most. */
  private void assertNothingLoggedBeyondTheAccessLog() throws InterruptedException {
    Thread.sleep(300);
    List<String> others = logged.events().stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) || !event.getLoggerName().equals("switchboard.access"))
        // A loaded machine's first TLS handshake can hold an event loop long enough for Vert.x to say so.
        .filter(event -> !event.getLoggerName().endsWith("BlockedThreadChecker"))
        .map(event -> event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage())
        .toList();
    assertEquals(List.of(), others, "logged besides the access log");
  }
}
