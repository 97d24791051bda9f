package io.switchboard.recordings;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

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
   * Streams the body into {@code response}, at the pace the browser takes it, and ends it. When either side fails,
   * both are cut off: the download from Twilio is not read to its end for no one, and an answer cut short is reset,
   * never ended as if it were whole.
   */
  public Future<Void> pipeTo(HttpServerResponse response) {
    if (body.isEmpty()) {
      return response.end();
    }
    HttpClientResponse download = body.get();
    return download.pipe().endOnFailure(false).to(response).onFailure(failure -> {
      download.request().reset();
      response.reset();
    });
  }
}
