package io.switchboard.events;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.support.CapturedLogs;
import io.switchboard.support.SseClient;
import io.switchboard.support.SseClient.Event;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.switchboard.events.EventsApiTest.GROUP;
import static io.switchboard.events.EventsApiTest.LAPTOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-time ticket that opens a stream from an EventSource, which cannot send the access token: issued for the
 * token's client only, used once, short-lived, never in the access log.
 */
@ExtendWith(VertxExtension.class)
class TicketTest {

  @RegisterExtension
  final CapturedLogs logged = CapturedLogs.all();
  @RegisterExtension
  final CapturedLogs accessLog = CapturedLogs.of("switchboard.access");

  @Test
  void aTicketOpensItsClientsStreamOnceAndNeverAppearsInTheLog(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    String ticket = ticket(server, EventsApiTest.token(server, GROUP, LAPTOP));

    try (SseClient stream = byTicket(vertx, server, ticket)) {
      assertEquals(200, stream.status());
      EventsApiTest.Call.incoming(server, "CA1f0000000000000000000000000000d1").leg(LAPTOP, "ringing");
      Event ringing = EventsApiTest.fresh(stream, new HashSet<>());
      assertEquals("call.ringing", ringing.type());

      try (SseClient again = byTicket(vertx, server, ticket)) {
        assertEquals(401, again.status(), "a ticket is used once");
        assertTrue(again.refusal().getString("error").contains("ticket"));
      }
    }
    // The stream's access line is written when it ends, a moment after the client closed it.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (lines(accessLog).noneMatch(line -> line.contains("GET /api/events 200")) && System.nanoTime() < deadline) {
      vertx.timer(100).await();
    }
    assertTrue(lines(accessLog).anyMatch(line -> line.contains("GET /api/events 200")),
        "the access log has the stream's path");
    assertTrue(lines(accessLog).anyMatch(line -> line.contains("GET /api/events 401")), "and the refused reuse");
    assertFalse(Stream.concat(lines(logged), lines(accessLog)).anyMatch(line -> line.contains(ticket)),
        "the ticket is in no log line");
  }

  @Test
  void aTicketExpiresWithinItsSeconds(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    String ticket = ticket(server, EventsApiTest.token(server, GROUP, LAPTOP));
    vertx.timer(2_500).await();
    try (SseClient late = byTicket(vertx, server, ticket)) {
      assertEquals(401, late.status(), "events.ticketSeconds is 2");
    }
  }

  @Test
  void aTicketIsBoundToTheClientItWasIssuedTo(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    String walkthrough = ticket(server, EventsApiTest.token(server, TestConfig.TWILIO_NUMBER, TestConfig.CLIENT));
    // The group's laptop is online elsewhere, so that the group's call rings.
    assertEquals(204, server.client().post(EventsApi.PRESENCE)
        .putHeader("Authorization", "Bearer " + EventsApiTest.token(server, GROUP, LAPTOP))
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"registered\": true}")).await().statusCode());
    try (SseClient stream = byTicket(vertx, server, walkthrough)) {
      assertEquals(200, stream.status());
      EventsApiTest.Call.incoming(server, "CA1f0000000000000000000000000000d2").leg(LAPTOP, "ringing");
      assertNull(stream.nextOrNull(Duration.ofMillis(700)), "the group's call is not the walkthrough client's");
    }
    for (String forged : new String[] {"", "x", "A".repeat(43), "A".repeat(500)}) {
      try (SseClient refused = byTicket(vertx, server, forged)) {
        assertEquals(401, refused.status(), forged);
      }
    }
  }

  @Test
  void onlyAnAccessTokenGetsATicket(Vertx vertx) {
    TestServer server = TestServer.start(vertx, EventsApiTest.config()).await();
    HttpResponse<Buffer> anonymous = server.client().post(EventsApi.TICKET).send().await();
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.bodyAsJsonObject().containsKey("error"));
    HttpResponse<Buffer> get = server.client().get(EventsApi.TICKET).send().await();
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.getHeader("Allow"));
  }

  private static Stream<String> lines(CapturedLogs logs) {
    return List.copyOf(logs.events()).stream().map(ILoggingEvent::getFormattedMessage);
  }

  private static String ticket(TestServer server, String token) {
    HttpResponse<Buffer> response = server.client().post(EventsApi.TICKET)
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("no-store", response.getHeader("Cache-Control"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(2, body.getInteger("expiresInSeconds"));
    return body.getString("ticket");
  }

  private static SseClient byTicket(Vertx vertx, TestServer server, String ticket) {
    return SseClient.open(vertx, server.port(), EventsApi.EVENTS + "?ticket=" + ticket, Map.of());
  }
}
