package io.switchboard.recordings;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.WriteStream;

import java.util.Optional;

/**
 * A recording's audio as Twilio answers it, to pass on to the browser: the status (200, 206, or 416 for a range
 * outside the recording), the headers the browser needs to play and seek ({@code Content-Type},
 * {@code Content-Length}, {@code Content-Range}, {@code Accept-Ranges}), and the body, paused until
 * {@link #pipeTo} streams it.
 */
public final class RecordingAudio {

  private final int status;
  private final MultiMap headers;
  private final Optional<HttpClientResponse> body;

  RecordingAudio(int status, MultiMap headers, Optional<HttpClientResponse> body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public MultiMap headers() {
    return headers;
  }

  /**
   * Streams the body into {@code destination}, at the pace it takes it, and ends it; when the destination fails
   * (the browser went away), the download from Twilio is cut off rather than read to its end.
   */
  public Future<Void> pipeTo(WriteStream<Buffer> destination) {
    if (body.isEmpty()) {
      return destination.end();
    }
    HttpClientResponse download = body.get();
    return download.pipeTo(destination).onFailure(failure -> download.request().reset());
  }
}
