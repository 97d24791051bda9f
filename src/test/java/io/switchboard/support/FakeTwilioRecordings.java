package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Twilio's recordings endpoint on 127.0.0.1, for {@code twilio.apiBaseUrl}: it serves
 * {@code GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3} (real MP3 bytes, with {@code Range}:
 * 206, {@code Content-Range}, 416) and {@code DELETE .../Recordings/{RecordingSid}.json} (204, counted), and only
 * to the test configuration's API key in HTTP Basic: anything else is 401, as Twilio answers.
 *
 * <p>For the browser tests too: {@code FakeTwilioRecordings.start(vertx).await()}, put {@link #baseUrl()} in the
 * configuration's {@code twilio.apiBaseUrl}, {@link #add} a recording, and its voicemail's audio plays.
 */
public final class FakeTwilioRecordings {

  private static final Pattern RECORDING = Pattern.compile(
      "/2010-04-01/Accounts/" + TestConfig.ACCOUNT_SID + "/Recordings/(RE[0-9a-fA-F]{32})\\.(mp3|json)");
  /** Where {@link #redirectToMedia} sends the audio: a signed URL of a media store, which takes no credentials. */
  private static final Pattern MEDIA = Pattern.compile("/media/(RE[0-9a-fA-F]{32})");
  private static final Pattern ONE_RANGE = Pattern.compile("bytes=([0-9]*)-([0-9]*)");
  private static final String CREDENTIALS = "Basic " + Base64.getEncoder().encodeToString(
      (TestConfig.API_KEY_SID + ":" + TestConfig.API_KEY_SECRET).getBytes(StandardCharsets.UTF_8));

  private final HttpServer server;
  private final Map<String, Buffer> recordings = new ConcurrentHashMap<>();
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicInteger refusedCredentials = new AtomicInteger();
  private final AtomicInteger credentialsSentToMedia = new AtomicInteger();
  private volatile boolean redirectToMedia;
  private volatile int failWith;
  private volatile int holdAfterBytes = -1;
  private volatile Promise<Void> released = Promise.promise();

  private FakeTwilioRecordings(HttpServer server) {
    this.server = server;
  }

  public static Future<FakeTwilioRecordings> start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    FakeTwilioRecordings fake = new FakeTwilioRecordings(server);
    return server.requestHandler(fake::handle).listen(0, "127.0.0.1").map(listening -> fake);
  }

  /** What {@code twilio.apiBaseUrl} must be for the server to use this stand-in. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Serves {@code recordingSid} as {@link #silentMp3} of 3 seconds; returns its bytes. */
  public Buffer add(String recordingSid) {
    return add(recordingSid, silentMp3(3));
  }

  public Buffer add(String recordingSid, Buffer audio) {
    recordings.put(recordingSid, audio);
    return audio;
  }

  /** Whether Twilio still has the recording: false once deleted. */
  public boolean has(String recordingSid) {
    return recordings.containsKey(recordingSid);
  }

  /** How many DELETEs of a recording were made with the right credentials. */
  public int deletes() {
    return deletes.get();
  }

  /** How many requests came with missing or wrong credentials. */
  public int refusedCredentials() {
    return refusedCredentials.get();
  }

  /** The {@code Range} of each audio request, in order; "" for none. */
  public List<String> ranges() {
    return List.copyOf(ranges);
  }

  /**
   * Whether the audio answers 307 to {@code /media/{RecordingSid}?Expires=…}, as Twilio's media may, where it is
   * served to requests without credentials only.
   */
  public void redirectToMedia(boolean redirect) {
    redirectToMedia = redirect;
  }

  /** How many requests to the media store came with credentials, which it must never be given. */
  public int credentialsSentToMedia() {
    return credentialsSentToMedia.get();
  }

  /** Every request from now on answers {@code status} (500, 503...) with Twilio's JSON error; 0 to serve again. */
  public void failWith(int status) {
    failWith = status;
  }

  /**
   * The next audio answers send their first {@code bytes} bytes and hold the rest until {@link #release()}: what
   * reaches the browser before then was streamed, not gathered whole first.
   */
  public void holdAfter(int bytes) {
    released = Promise.promise();
    holdAfterBytes = bytes;
  }

  public void release() {
    holdAfterBytes = -1;
    released.tryComplete();
  }

  public Future<Void> close() {
    return server.close();
  }

  /**
   * A real MP3 of {@code seconds} of silence: MPEG-1 Layer III frames, 128 kbit/s, 44.1 kHz, mono, each 417 bytes
   * of a header and zeroed side information and data, which decoders play as silence.
   */
  public static Buffer silentMp3(int seconds) {
    int frames = (int) Math.ceil(seconds * 44_100 / 1_152.0);
    Buffer mp3 = Buffer.buffer(frames * 417);
    for (int i = 0; i < frames; i++) {
      mp3.appendBytes(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, (byte) 0xC4}).appendBytes(new byte[413]);
    }
    return mp3;
  }

  private void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    Matcher recording = RECORDING.matcher(request.path());
    Matcher media = MEDIA.matcher(request.path());
    if (media.matches() && recordings.containsKey(media.group(1))) {
      if (request.getHeader("Authorization") != null) {
        credentialsSentToMedia.incrementAndGet();
        error(response, 400, 20001, "Only one auth mechanism allowed");
      } else {
        audio(request, recordings.get(media.group(1)));
      }
    } else if (!CREDENTIALS.equals(request.getHeader("Authorization"))) {
      refusedCredentials.incrementAndGet();
      error(response, 401, 20003, "Authenticate");
    } else if (failWith != 0) {
      error(response, failWith, 20500, "Internal Server Error");
    } else if (!recording.matches() || !recordings.containsKey(recording.group(1))) {
      error(response, 404, 20404, "The requested resource " + request.path() + " was not found");
    } else if (request.method().name().equals("DELETE") && recording.group(2).equals("json")) {
      recordings.remove(recording.group(1));
      deletes.incrementAndGet();
      response.setStatusCode(204).end();
    } else if (request.method().name().equals("GET") && recording.group(2).equals("mp3") && redirectToMedia) {
      response.setStatusCode(307).putHeader("Location", "/media/" + recording.group(1) + "?Expires=1900000000").end();
    } else if (request.method().name().equals("GET") && recording.group(2).equals("mp3")) {
      audio(request, recordings.get(recording.group(1)));
    } else {
      error(response, 405, 20004, "Method not allowed");
    }
  }

  private void audio(HttpServerRequest request, Buffer audio) {
    HttpServerResponse response = request.response().putHeader("Content-Type", "audio/mpeg")
        .putHeader("Accept-Ranges", "bytes");
    String range = request.getHeader("Range");
    ranges.add(range == null ? "" : range);
    int length = audio.length();
    Matcher asked = ONE_RANGE.matcher(range == null ? "" : range);
    if (!asked.matches() || asked.group(1).isEmpty() && asked.group(2).isEmpty()) {
      send(response.setStatusCode(200), audio);
      return;
    }
    int first;
    int last;
    if (asked.group(1).isEmpty()) {
      first = Math.max(0, length - Integer.parseInt(asked.group(2)));
      last = length - 1;
    } else {
      first = Integer.parseInt(asked.group(1));
      last = asked.group(2).isEmpty() ? length - 1 : Math.min(length - 1, Integer.parseInt(asked.group(2)));
    }
    if (first >= length || first > last) {
      response.setStatusCode(416).putHeader("Content-Range", "bytes */" + length).end();
      return;
    }
    send(response.setStatusCode(206).putHeader("Content-Range", "bytes " + first + "-" + last + "/" + length),
        audio.slice(first, last + 1));
  }

  private void send(HttpServerResponse response, Buffer body) {
    response.putHeader("Content-Length", Integer.toString(body.length()));
    int hold = holdAfterBytes;
    if (hold < 0 || hold >= body.length()) {
      response.end(body);
      return;
    }
    response.write(body.slice(0, hold));
    released.future().onComplete(go -> response.end(body.slice(hold, body.length())));
  }

  private static void error(HttpServerResponse response, int status, int code, String message) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).put("status", status).encode());
  }
}
