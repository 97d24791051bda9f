package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Server-Sent Events client as a browser's EventSource reads a stream: blocks of {@code field: value} lines
 * separated by a blank line, comment lines starting with {@code :}. What arrives is queued for the test to take.
 */
public final class SseClient implements AutoCloseable {

  /** One event; {@code id} null when the event had none. */
  public record Event(String id, String type, JsonObject data) {
  }

  private static final String PING = "ping";

  private final HttpClient http;
  private final HttpClientResponse response;
  private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final Promise<Void> ended = Promise.promise();
  private final StringBuilder pending = new StringBuilder();

  private SseClient(HttpClient http, HttpClientResponse response) {
    this.http = http;
    this.response = response;
  }

  /** Opens {@code pathAndQuery} on 127.0.0.1:{@code port} with {@code headers}; whatever status it answers. */
  public static SseClient open(Vertx vertx, int port, String pathAndQuery, Map<String, String> headers) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(pathAndQuery);
    headers.forEach(options::putHeader);
    // The handlers are set as the response arrives, on its event loop: set later, a short body may be gone. So they
    // are set by a callback on the request's own future, added on that loop as the request is sent: one on a future
    // chained from this thread ran as a task of another loop, and found a refusal's response already ended.
    return http.request(options).compose(request -> request.send().map(response -> {
      SseClient client = new SseClient(http, response);
      response.handler(client::read);
      response.endHandler(done -> client.ended.tryComplete());
      response.exceptionHandler(error -> client.ended.tryComplete());
      return client;
    })).await();
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  /** The body of a refused request, read whole. */
  public JsonObject refusal() {
    ended.future().timeout(5, TimeUnit.SECONDS).await();
    return new JsonObject(pending.toString());
  }

  /** The next event, skipping heartbeats; fails the test if none comes within {@code wait}. */
  public Event next(Duration wait) {
    Event event = nextOrNull(wait);
    assertNotNull(event, "no event within " + wait);
    return event;
  }

  /** The next event, skipping heartbeats, or null when none comes within {@code wait}. */
  public Event nextOrNull(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        Object item = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item == null) {
          return null;
        }
        if (item instanceof Event event) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(e);
    }
  }

  /** Waits for a heartbeat comment; false when none comes within {@code wait}. */
  public boolean pinged(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        Object item = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item == null) {
          return false;
        }
        if (PING.equals(item)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Completes when the server ends the stream or the connection closes. */
  public Future<Void> ended() {
    return ended.future();
  }

  @Override
  public void close() {
    http.close().timeout(5, TimeUnit.SECONDS).await();
  }

  private void read(io.vertx.core.buffer.Buffer chunk) {
    pending.append(chunk.toString());
    if (status() != 200) {
      return;
    }
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String id = null;
      String type = "message";
      StringBuilder data = new StringBuilder();
      boolean comment = false;
      for (String line : block.split("\n")) {
        if (line.startsWith(":")) {
          comment = line.substring(1).strip().equals(PING);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (comment) {
        received.add(PING);
      } else if (data.length() > 0) {
        received.add(new Event(id, type, new JsonObject(data.toString())));
      }
    }
  }
}
