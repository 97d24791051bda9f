package io.switchboard.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One open Server-Sent Events response: each event as {@code id:}, {@code event:} and {@code data:} lines, and a
 * comment line as heartbeat. While the events missed before a reconnect are read, live ones are held, then sent
 * after them unless already among them. A client that does not read what it is sent is cut off rather than
 * buffered for: it reconnects with its {@code Last-Event-ID} and gets what it missed.
 */
final class EventStream {

  /** Live events held while the missed ones are read; more means a client that cannot keep up. */
  private static final int MAX_HELD = 1_000;
  private static final Buffer PING = Buffer.buffer(": ping\n\n");

  private final HttpServerResponse response;
  private final String client;
  private List<JsonObject> held;

  EventStream(HttpServerResponse response, String client, boolean replaying) {
    this.response = response;
    this.client = client;
    this.held = replaying ? new ArrayList<>() : null;
  }

  String client() {
    return client;
  }

  /** An event as it happens. */
  void live(JsonObject event) {
    if (held == null) {
      send(event);
    } else if (held.size() < MAX_HELD) {
      held.add(event);
    } else {
      close();
    }
  }

  /** The events missed since the {@code Last-Event-ID}, oldest first; then the live ones held meanwhile. */
  void replayed(List<JsonObject> missed) {
    Set<String> sent = new HashSet<>();
    for (JsonObject event : missed) {
      send(event);
      sent.add(event.getString("id"));
    }
    List<JsonObject> meanwhile = held;
    held = null;
    if (meanwhile != null) {
      meanwhile.stream().filter(event -> !sent.contains(event.getString("id"))).forEach(this::send);
    }
  }

  void ping() {
    write(PING);
  }

  void close() {
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  private void send(JsonObject event) {
    StringBuilder text = new StringBuilder(256);
    String id = event.getString("id");
    if (id != null) {
      text.append("id: ").append(id).append('\n');
    }
    // JSON encodes line breaks inside strings: the data is one line.
    text.append("event: ").append(event.getString("type")).append('\n')
        .append("data: ").append(event.encode()).append("\n\n");
    write(Buffer.buffer(text.toString()));
  }

  private void write(Buffer text) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.writeQueueFull()) {
      close();
    } else {
      response.write(text);
    }
  }
}
