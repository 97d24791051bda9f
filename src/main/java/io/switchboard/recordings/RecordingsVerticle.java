package io.switchboard.recordings;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.config.TwilioSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Twilio's recordings, on the addresses of {@link RecordingsAddresses}: the audio of
 * {@code {twilio.apiBaseUrl}/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3}, fetched with the API
 * key's credentials (HTTP Basic, as Twilio takes them for recordings' media), and the recording deleted when asked
 * and configured. The URL is made from the settings and a checked SID, never from a recording callback's
 * {@code RecordingUrl}, so the credentials go to the configured API only (a redirect to Twilio's media store is
 * followed without them).
 *
 * <p>One instance per event loop, each with its own client, so that the audio is read from Twilio on the event
 * loop of the browser's request that streams it on.
 */
public final class RecordingsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingsVerticle.class);
  /** How long Twilio may take to accept a connection, and to send anything (the answer's head, the next bytes). */
  static final int TIMEOUT_MILLIS = 10_000;
  static final String UNREACHABLE = "Twilio's recordings endpoint could not be reached; try again later";
  static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final List<CharSequence> PASSED_ON = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH,
      HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES);

  private final TwilioSettings twilio;
  private final String recordingsUrl;
  private final String authorization;
  private HttpClient client;

  public RecordingsVerticle(TwilioSettings twilio) {
    this.twilio = twilio;
    this.recordingsUrl = twilio.apiBaseUrl() + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Recordings/";
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (twilio.apiKeySid() + ":" + twilio.apiKeySecret()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MILLIS));
    return Future.all(
        EventLoopAffinity.<RecordingFetch>consumer(vertx.eventBus(), RecordingsAddresses.FETCH, this::fetch),
        vertx.eventBus().<RecordingDiscard>localConsumer(RecordingsAddresses.DISCARD, this::discard).completion());
  }

  private void fetch(Message<RecordingFetch> message) {
    try {
      RecordingFetch fetch = message.body();
      RequestOptions options = request(HttpMethod.GET, fetch.recordingSid() + ".mp3");
      fetch.range().ifPresent(range -> options.putHeader(RANGE, range));
      client.request(options).compose(request -> request.send())
          .compose(response -> followMediaRedirect(response, fetch)).onComplete(sent -> {
        if (sent.failed()) {
          LOG.warn("Fetching recording {} from Twilio failed: {}", fetch.recordingSid(), reason(sent.cause()));
          message.fail(502, UNREACHABLE);
          return;
        }
        answer(message, fetch.recordingSid(), sent.result());
      });
    } catch (RuntimeException e) {
      LOG.error("Fetching a recording failed", e);
      message.fail(502, UNREACHABLE);
    }
  }

  /**
   * Twilio may answer a media request with a redirect to a signed, short-lived URL of its media store: followed
   * once, with the browser's range and without the credentials, which stay with the API. Only to https (or to the
   * configured API's own origin, as a test's stand-in on this machine does).
   */
  private Future<HttpClientResponse> followMediaRedirect(HttpClientResponse response, RecordingFetch fetch) {
    String location = response.getHeader(HttpHeaders.LOCATION);
    if (!REDIRECTS.contains(response.statusCode()) || location == null) {
      return Future.succeededFuture(response);
    }
    response.exceptionHandler(reset -> { }).request().reset();
    URI target;
    try {
      target = URI.create(recordingsUrl).resolve(location);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("Twilio redirected to an unreadable location");
    }
    if (!"https".equals(target.getScheme()) && !target.toString().startsWith(twilio.apiBaseUrl() + "/")) {
      return Future.failedFuture("Twilio redirected to a location that is not https");
    }
    RequestOptions media = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target.toString())
        .setIdleTimeout(TIMEOUT_MILLIS).setFollowRedirects(false);
    fetch.range().ifPresent(range -> media.putHeader(RANGE, range));
    return client.request(media).compose(request -> request.send());
  }

  private void answer(Message<RecordingFetch> message, String recordingSid, HttpClientResponse response) {
    int status = response.statusCode();
    String type = Optional.ofNullable(response.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    PASSED_ON.forEach(name -> Optional.ofNullable(response.getHeader(name))
        .ifPresent(value -> headers.set(name, value)));
    if ((status == 200 || status == 206) && type.startsWith("audio/")) {
      // Held until the receiver pipes it on: the bytes wait in the socket, not in memory.
      message.reply(new RecordingAudio(status, headers, Optional.of(response.pause())));
      return;
    }
    // Nothing of this answer is wanted: cut off, and the reset it causes is no error.
    response.exceptionHandler(reset -> { }).request().reset();
    if (status == 416) {
      headers.remove(HttpHeaders.CONTENT_TYPE).remove(HttpHeaders.CONTENT_LENGTH);
      message.reply(new RecordingAudio(416, headers, Optional.empty()));
      return;
    }
    LOG.warn("Twilio answered {} to the audio of recording {} ({})", status, recordingSid, type);
    message.fail(502, switch (status) {
      case 200, 206 -> "Twilio's recordings endpoint answered something other than audio";
      case 401, 403 -> "Twilio's recordings endpoint refused this server's credentials (twilio.apiKeySid)";
      case 404 -> "Twilio's recordings endpoint has no such recording: deleted at Twilio, or not ready yet";
      default -> "Twilio's recordings endpoint failed (HTTP " + status + "); try again later";
    });
  }

  private void discard(Message<RecordingDiscard> message) {
    String recordingSid = message.body().recordingSid();
    if (!twilio.deleteRecordings()) {
      message.reply("kept");
      return;
    }
    try {
      client.request(request(HttpMethod.DELETE, recordingSid + ".json"))
          .compose(request -> request.send())
          .compose(response -> response.body().map(ignored -> response.statusCode()))
          .onComplete(deleted -> {
            // 404: gone already, which is what was asked.
            if (deleted.succeeded() && (deleted.result() == 204 || deleted.result() == 404)) {
              LOG.info("Deleted recording {} from Twilio: no client keeps its voicemail", recordingSid);
              message.reply("deleted");
            } else {
              String reason = deleted.succeeded() ? "HTTP " + deleted.result() : reason(deleted.cause());
              LOG.warn("Deleting recording {} from Twilio failed ({}): it stays there until deleted in its console",
                  recordingSid, reason);
              message.fail(502, UNREACHABLE);
            }
          });
    } catch (RuntimeException e) {
      LOG.error("Deleting a recording failed", e);
      message.fail(502, UNREACHABLE);
    }
  }

  private RequestOptions request(HttpMethod method, String file) {
    return new RequestOptions()
        .setMethod(method)
        .setAbsoluteURI(recordingsUrl + file)
        .setIdleTimeout(TIMEOUT_MILLIS)
        // Never followed: the credentials go to the configured API and nowhere else.
        .setFollowRedirects(false)
        .putHeader(HttpHeaders.AUTHORIZATION, authorization);
  }

  /** What went wrong, in a line: Vert.x's connection errors name the host and port, never the request's headers. */
  private static String reason(Throwable cause) {
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
