package io.switchboard;

import io.switchboard.support.ServerProcess;
import io.switchboard.support.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping and logging of the packaged jar, as an operator sees them. */
class OperationsIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void sigtermFinishesTheRequestInFlightStopsAcceptingAndExitsZeroWithinFiveSeconds(@TempDir Path folder)
      throws Exception {
    int port = TestConfig.freePort();
    byte[] body = new JsonObject().put("twilioPhoneNumber", TestConfig.TWILIO_NUMBER).encode()
        .getBytes(StandardCharsets.UTF_8);

    try (ServerProcess server = start(folder, port, Optional.empty()); Socket inFlight = new Socket()) {
      server.awaitOutput("Switchboard listening on", START_TIMEOUT);
      inFlight.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
      inFlight.setSoTimeout(10_000);
      OutputStream out = inFlight.getOutputStream();
      out.write(("POST /twilio/retrieve_capability_token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(500);

      long stopAsked = System.nanoTime();
      server.terminate();
      server.awaitOutput("SIGTERM: stopping", Duration.ofSeconds(5));
      assertRefusesConnectionsSoon(port);

      out.write(body, 10, body.length - 10);
      out.flush();
      String response = readResponse(inFlight.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("\"success\":true"), response);

      assertEquals(0, server.awaitExit(Duration.ofSeconds(5)));
      long stopMillis = (System.nanoTime() - stopAsked) / 1_000_000;
      assertTrue(stopMillis < 5_000, "stopped in " + stopMillis + " ms");
    }
  }

  @Test
  void logbackXmlBesideTheConfigurationReplacesTheBuiltInLogging(@TempDir Path folder) throws Exception {
    String logbackXml = """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>OPERATOR-FORMAT %logger %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """;
    try (ServerProcess server = start(folder, TestConfig.freePort(), Optional.of(logbackXml))) {
      server.awaitOutput("OPERATOR-FORMAT io.switchboard.Main Switchboard listening on", START_TIMEOUT);
    }
  }

  @Test
  void accessLinesStillQueuedAreWrittenInOrderBeforeAStoppedServerExits(@TempDir Path folder) throws Exception {
    int port = TestConfig.freePort();
    // The operator's own logback.xml, holding access lines for an hour: only the stop can write them.
    String logbackXml = """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%msg%n</pattern></encoder>
          </appender>
          <appender name="ACCESS" class="io.switchboard.ops.BatchingConsoleAppender">
            <flushIntervalMillis>3600000</flushIntervalMillis>
            <encoder><pattern>ACCESS %msg%n</pattern></encoder>
          </appender>
          <logger name="switchboard.access" level="INFO" additivity="false"><appender-ref ref="ACCESS"/></logger>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """;
    HttpClient http = HttpClient.newHttpClient();
    try (ServerProcess server = start(folder, port, Optional.of(logbackXml))) {
      server.awaitOutput("Switchboard listening on", START_TIMEOUT);
      for (int i = 0; i < 50; i++) {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/missing-" + i)).build(),
            HttpResponse.BodyHandlers.discarding());
      }
      Thread.sleep(300);
      assertEquals(List.of(), accessLines(server), "held by the operator's interval");

      server.terminate();
      assertEquals(0, server.awaitExit(Duration.ofSeconds(10)));

      List<String> lines = accessLines(server);
      assertEquals(50, lines.size(), server.output());
      for (int i = 0; i < 50; i++) {
        assertTrue(lines.get(i).matches("ACCESS 127\\.0\\.0\\.1 GET /missing-" + i + " 404 \\d+ms"), lines.get(i));
      }
    }
  }

  /** The jar, started on the test configuration at {@code port}, with the operator's logback.xml beside it if any. */
  private static ServerProcess start(Path folder, int port, Optional<String> logbackXml) throws IOException {
    Path conf = folder.resolve("config.json");
    Files.writeString(conf, TestConfig.json(port).encode());
    if (logbackXml.isPresent()) {
      Files.writeString(folder.resolve("logback.xml"), logbackXml.get());
    }
    return ServerProcess.start(folder, Map.of(), "-conf", conf.toString());
  }

  private static List<String> accessLines(ServerProcess server) {
    return server.output().lines().filter(line -> line.startsWith("ACCESS ")).toList();
  }

  /** The listener closes a moment after the stop is logged. */
  private static void assertRefusesConnectionsSoon(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        Thread.sleep(50);
      } catch (ConnectException refused) {
        return;
      } catch (IOException other) {
        return;
      }
    }
    throw new AssertionError("still accepting connections 3 s after SIGTERM");
  }

  private static String readResponse(InputStream in) throws IOException {
    StringBuilder response = new StringBuilder();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) > 0) {
      response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
      if (response.indexOf("\r\n\r\n") > 0 && response.toString().endsWith("}")) {
        break;
      }
    }
    return response.toString();
  }
}
