package io.switchboard.support;

import io.vertx.core.MultiMap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.switchboard.http.ApiPaths.LEG_STATUS;
import static io.switchboard.http.ApiPaths.RECORDING_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whole calls as Twilio reports them to a running server: the signed status callbacks of the dialled leg (with the
 * query our TwiML gives them) and the recording callback of a voicemail, at the times given, so that a test can fill
 * a client's history with realistic calls without the call webhooks.
 */
public final class TwilioCallbacks {

  private final TestServer server;

  public TwilioCallbacks(TestServer server) {
    this.server = server;
  }

  /** A call from {@code caller} to {@code number} that {@code client} answered at {@code at} and talked for. */
  public String answeredIncomingCall(String number, String client, String caller, Instant at, int seconds) {
    return answeredIncomingCall(number, List.of(client), client, caller, at, seconds);
  }

  /**
   * A call from {@code caller} to {@code number} that rang its {@code clients} together, each on its own leg, until
   * {@code answerer} answered: Twilio then cancels the other legs.
   */
  public String answeredIncomingCall(String number, List<String> clients, String answerer, String caller, Instant at,
                                     int seconds) {
    String call = sid("CA");
    Map<String, Leg> legs = new LinkedHashMap<>();
    clients.forEach(client -> legs.put(client, new Leg("incoming", number, client, call, caller, "client:" + client)));
    legs.values().forEach(leg -> leg.post("ringing", 1, at, null));
    legs.get(answerer).post("in-progress", 2, at.plusSeconds(5), null);
    legs.forEach((client, leg) -> {
      if (!client.equals(answerer)) {
        leg.post("canceled", 2, at.plusSeconds(5), null);
      }
    });
    legs.get(answerer).post("completed", 3, at.plusSeconds(5 + seconds), seconds);
    return call;
  }

  /** A call from {@code caller} to {@code number} that rang {@code client} for 30 s, and nobody answered. */
  public String missedIncomingCall(String number, String client, String caller, Instant at) {
    String call = sid("CA");
    Leg leg = new Leg("incoming", number, client, call, caller, "client:" + client);
    leg.post("ringing", 1, at, null);
    leg.post("no-answer", 2, at.plusSeconds(30), null);
    return call;
  }

  /** A call that {@code client} made from {@code number} to {@code callee}, answered, for {@code seconds}. */
  public String outgoingCall(String number, String client, String callee, Instant at, int seconds) {
    String call = sid("CA");
    Leg leg = new Leg("outgoing", number, client, call, number, callee);
    leg.post("ringing", 1, at, null);
    leg.post("in-progress", 2, at.plusSeconds(8), null);
    leg.post("completed", 3, at.plusSeconds(8 + seconds), seconds);
    return call;
  }

  /** The voicemail {@code caller} left on {@code call} to {@code number}: its recording's SID. */
  public String voicemail(String number, String call, String caller, int seconds) {
    String recording = sid("RE");
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("AccountSid", TestConfig.ACCOUNT_SID)
        .add("CallSid", call)
        .add("RecordingSid", recording)
        .add("RecordingUrl", "https://recordings.test/Recordings/" + recording)
        .add("RecordingStatus", "completed")
        .add("RecordingDuration", Integer.toString(seconds))
        .add("RecordingChannels", "1")
        .add("RecordingSource", "RecordVerb");
    String path = RECORDING_STATUS + "?direction=incoming&number=" + encode(number) + "&from=" + encode(caller);
    assertEquals(204, server.postSignedWebhook(path, form).await().statusCode(), "the recording callback");
    return recording;
  }

  public static String sid(String prefix) {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return prefix + HexFormat.of().formatHex(random);
  }

  /** The dialled leg of a call: its callbacks name the call's direction, number and client in their query. */
  private final class Leg {
    private final String path;
    private final String legSid = sid("CA");
    private final String call;
    private final String from;
    private final String to;

    Leg(String direction, String number, String client, String call, String from, String to) {
      this.path = LEG_STATUS + "?direction=" + direction + "&number=" + encode(number) + "&client=" + encode(client);
      this.call = call;
      this.from = from;
      this.to = to;
    }

    void post(String status, int sequence, Instant at, Integer duration) {
      MultiMap form = MultiMap.caseInsensitiveMultiMap()
          .add("AccountSid", TestConfig.ACCOUNT_SID)
          .add("CallSid", legSid)
          .add("ParentCallSid", call)
          .add("CallStatus", status)
          .add("SequenceNumber", Integer.toString(sequence))
          .add("Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)))
          .add("From", from)
          .add("To", to);
      if (duration != null) {
        form.add("CallDuration", duration.toString());
      }
      assertEquals(204, server.postSignedWebhook(path, form).await().statusCode(), "the leg's " + status);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
