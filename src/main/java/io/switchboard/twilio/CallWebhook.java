package io.switchboard.twilio;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The POST parameters of a voice webhook, as Twilio sends them when a call starts, and of the status callbacks it
 * sends about the call's legs afterwards: written once for the load tester and the benchmark, which play Twilio. A
 * call from a phone to one of the account's numbers comes to the incoming-call webhook, a call from the softphone to
 * the outgoing-call one. Immutable.
 */
public final class CallWebhook {

  public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
  /** A CallSid in Twilio's form, for a webhook that is sent once; {@link #withCallSid} gives it another. */
  public static final String EXAMPLE_CALL_SID = "CA0123456789abcdef0123456789abcdef";

  /** Switchboard reads none of the places Twilio adds; they say Japan, where the project's numbers are. */
  private static final String COUNTRY = "JP";
  /** What Twilio sends when the caller's number passed STIR/SHAKEN at the highest attestation. */
  private static final String STIR_PASSED = "TN-Validation-Passed-A";
  private static final String CALL_TOKEN = "%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D";
  private static final String CALL_SID = "CallSid";
  private static final String PARENT_CALL_SID = "ParentCallSid";
  /** How Twilio writes a callback's {@code Timestamp}: {@code Tue, 31 Aug 2010 20:36:28 +0000}. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final SortedMap<String, String> parameters;

  private CallWebhook(SortedMap<String, String> parameters) {
    this.parameters = Collections.unmodifiableSortedMap(parameters);
  }

  /**
   * A call from {@code from} to the account's number {@code to}, with the eleven parameters that the call logic and
   * the signature check read.
   */
  public static CallWebhook incoming(String accountSid, String from, String to) {
    SortedMap<String, String> parameters = started(accountSid);
    parameters.put("Called", to);
    parameters.put("Caller", from);
    parameters.put("From", from);
    parameters.put("FromCountry", COUNTRY);
    parameters.put("To", to);
    parameters.put("ToCountry", COUNTRY);
    return new CallWebhook(parameters);
  }

  /**
   * The same call with all twenty-seven parameters Twilio sends: also each party's city, state and zip (empty for a
   * mobile number), the call token and the STIR/SHAKEN verdict.
   */
  public static CallWebhook incomingFull(String accountSid, String from, String to) {
    SortedMap<String, String> parameters = new TreeMap<>(incoming(accountSid, from, to).parameters);
    parameters.put("CallToken", CALL_TOKEN);
    parameters.put("CalledCountry", COUNTRY);
    parameters.put("CallerCountry", COUNTRY);
    parameters.put("StirVerstat", STIR_PASSED);
    for (String party : new String[] {"Called", "Caller", "From", "To"}) {
      for (String place : new String[] {"City", "State", "Zip"}) {
        parameters.put(party + place, "");
      }
    }
    return new CallWebhook(parameters);
  }

  /**
   * A call placed by the softphone signed in as {@code fromClient} through the TwiML app {@code applicationSid},
   * to {@code to}: a phone number, or {@link #client} for another softphone.
   */
  public static CallWebhook outgoing(String accountSid, String applicationSid, String fromClient, String to) {
    SortedMap<String, String> parameters = started(accountSid);
    parameters.put("ApplicationSid", applicationSid);
    parameters.put("Called", "");
    parameters.put("Caller", client(fromClient));
    parameters.put("From", client(fromClient));
    parameters.put("To", to);
    return new CallWebhook(parameters);
  }

  /**
   * The status callback Twilio posts to a {@code <Client>} or {@code <Number>} leg's {@code statusCallback} when the
   * leg reaches {@code status} ({@code initiated}, {@code ringing}, {@code in-progress} once answered, or
   * {@code completed}, with its {@code CallDuration}).
   *
   * @param parentCallSid  the call the {@code <Dial>} belongs to
   * @param legCallSid     the leg's own CallSid
   * @param sequenceNumber the leg's callbacks counted from 0, in the order Twilio sent them
   * @param from           the caller ID the leg shows; {@code to} the client ({@link #client}) or number it rings
   */
  public static CallWebhook legStatus(String accountSid, String parentCallSid, String legCallSid, String status,
                                      int sequenceNumber, String from, String to, Instant at) {
    SortedMap<String, String> parameters = started(accountSid);
    parameters.put(CALL_SID, legCallSid);
    parameters.put("CallStatus", status);
    parameters.put("CallbackSource", "call-progress-events");
    parameters.put("Called", to);
    parameters.put("Caller", from);
    // Twilio's direction of a leg that a <Dial> places.
    parameters.put("Direction", "outbound-dial");
    parameters.put("From", from);
    parameters.put(PARENT_CALL_SID, parentCallSid);
    parameters.put("SequenceNumber", Integer.toString(sequenceNumber));
    parameters.put("Timestamp", TIMESTAMP.format(at));
    parameters.put("To", to);
    if (status.equals("completed")) {
      parameters.put("CallDuration", "0");
    }
    return new CallWebhook(parameters);
  }

  /**
   * What Twilio posts to a {@code <Dial action>} when the dial is over: its {@code DialCallStatus}, the leg that
   * took the call ({@code DialCallSid}: empty when no one leg did) and, once answered, how long it lasted.
   *
   * @param callStatus   the caller's call: {@code in-progress}, or {@code completed} once the caller has hung up
   * @param dialDuration the talk time in seconds, or null when the dial was not answered
   */
  public static CallWebhook dialAction(String accountSid, String callSid, String from, String to, String callStatus,
                                       String dialStatus, String dialCallSid, Integer dialDuration) {
    SortedMap<String, String> parameters = started(accountSid);
    parameters.put(CALL_SID, callSid);
    parameters.put("CallStatus", callStatus);
    parameters.put("Called", to);
    parameters.put("Caller", from);
    parameters.put("DialCallStatus", dialStatus);
    if (!dialCallSid.isEmpty()) {
      parameters.put("DialCallSid", dialCallSid);
    }
    if (dialDuration != null) {
      parameters.put("DialCallDuration", dialDuration.toString());
    }
    parameters.put("From", from);
    parameters.put("To", to);
    return new CallWebhook(parameters);
  }

  /**
   * What Twilio posts to a {@code <Record action>} when the caller has left a message and hung up
   * ({@code Digits=hangup}).
   */
  public static CallWebhook recordAction(String accountSid, String callSid, String from, String to,
                                         String recordingSid, String recordingUrl, int durationSeconds) {
    SortedMap<String, String> parameters = started(accountSid);
    parameters.put(CALL_SID, callSid);
    parameters.put("CallStatus", "completed");
    parameters.put("Called", to);
    parameters.put("Caller", from);
    parameters.put("Digits", "hangup");
    parameters.put("From", from);
    parameters.put("RecordingDuration", Integer.toString(durationSeconds));
    parameters.put("RecordingSid", recordingSid);
    parameters.put("RecordingUrl", recordingUrl);
    parameters.put("To", to);
    return new CallWebhook(parameters);
  }

  /**
   * What Twilio posts to a {@code <Record>}'s {@code recordingStatusCallback}: no From or To, the call's SID.
   *
   * @param status {@code completed}, or {@code absent} for a recording with no sound in it
   */
  public static CallWebhook recordingStatus(String accountSid, String callSid, String recordingSid,
                                            String recordingUrl, String status, int durationSeconds, Instant startedAt) {
    SortedMap<String, String> parameters = new TreeMap<>();
    parameters.put("AccountSid", accountSid);
    parameters.put(CALL_SID, callSid);
    parameters.put("ErrorCode", "0");
    parameters.put("RecordingChannels", "1");
    parameters.put("RecordingDuration", Integer.toString(durationSeconds));
    parameters.put("RecordingSid", recordingSid);
    parameters.put("RecordingSource", "RecordVerb");
    parameters.put("RecordingStartTime", TIMESTAMP.format(startedAt));
    parameters.put("RecordingStatus", status);
    parameters.put("RecordingUrl", recordingUrl);
    return new CallWebhook(parameters);
  }

  /**
   * The caller's own call's status callback, which an operator sets on the number in Twilio's console: here its
   * end, {@code completed} with the call's whole length.
   */
  public static CallWebhook callCompleted(String accountSid, String callSid, String from, String to,
                                          int durationSeconds, Instant at) {
    SortedMap<String, String> parameters = started(accountSid);
    parameters.put(CALL_SID, callSid);
    parameters.put("CallDuration", Integer.toString(durationSeconds));
    parameters.put("CallStatus", "completed");
    parameters.put("CallbackSource", "call-progress-events");
    parameters.put("Called", to);
    parameters.put("Caller", from);
    parameters.put("From", from);
    parameters.put("SequenceNumber", "0");
    parameters.put("Timestamp", TIMESTAMP.format(at));
    parameters.put("To", to);
    return new CallWebhook(parameters);
  }

  /** How Twilio names a softphone (a Twilio Client) in a call's From and To. */
  public static String client(String clientName) {
    return "client:" + clientName;
  }

  private static SortedMap<String, String> started(String accountSid) {
    SortedMap<String, String> parameters = new TreeMap<>();
    parameters.put("AccountSid", accountSid);
    parameters.put("ApiVersion", "2010-04-01");
    parameters.put(CALL_SID, EXAMPLE_CALL_SID);
    parameters.put("CallStatus", "ringing");
    // Twilio's direction of the call leg that reaches the webhook, even for a call the softphone places.
    parameters.put("Direction", "inbound");
    return parameters;
  }

  public CallWebhook withCallSid(String callSid) {
    return with(CALL_SID, callSid);
  }

  /** The same leg's completed callback with the leg's real length: {@code CallDuration} in seconds. */
  public CallWebhook withCallDuration(int seconds) {
    return with("CallDuration", Integer.toString(seconds));
  }

  /** The same leg's callback for another call: its {@code ParentCallSid} changed. */
  public CallWebhook withParentCallSid(String parentCallSid) {
    return with(PARENT_CALL_SID, parentCallSid);
  }

  private CallWebhook with(String name, String value) {
    SortedMap<String, String> changed = new TreeMap<>(parameters);
    changed.put(name, value);
    return new CallWebhook(changed);
  }

  /** The parameters, sorted by name. */
  public SortedMap<String, String> parameters() {
    return parameters;
  }

  /** The body Twilio posts: the parameters form-encoded in name order, as UTF-8. */
  public String formBody() {
    StringBuilder body = new StringBuilder(512);
    parameters.forEach((name, value) -> {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(encode(name)).append('=').append(encode(value));
    });
    return body.toString();
  }

  /** The signature Twilio sends with this webhook when it calls {@code url}. */
  public String signature(TwilioSignature signer, String url) {
    return signer.sign(url, parameters);
  }

  /**
   * This webhook for any number of calls that differ only in their CallSid, to {@code url}: its body and signature
   * are made in advance up to the CallSid, so that each call costs only what follows it.
   */
  public CallSidTemplate forEachCallSid(TwilioSignature signer, String url) {
    return forEach(CALL_SID, signer, url);
  }

  /**
   * This leg's status callback for any number of calls, which differ only in their {@code ParentCallSid}: see
   * {@link #forEachCallSid}.
   */
  public CallSidTemplate forEachParentCallSid(TwilioSignature signer, String url) {
    if (!parameters.containsKey(PARENT_CALL_SID)) {
      throw new IllegalStateException("only a leg's status callback has a ParentCallSid");
    }
    return forEach(PARENT_CALL_SID, signer, url);
  }

  private CallSidTemplate forEach(String sidParameter, TwilioSignature signer, String url) {
    ByteArrayOutputStream bodyHead = new ByteArrayOutputStream();
    ByteArrayOutputStream bodyTail = new ByteArrayOutputStream();
    ByteArrayOutputStream signedHead = new ByteArrayOutputStream();
    ByteArrayOutputStream signedTail = new ByteArrayOutputStream();
    signedHead.writeBytes(utf8(url));
    ByteArrayOutputStream body = bodyHead;
    ByteArrayOutputStream signed = signedHead;
    boolean first = true;
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      if (!first) {
        body.write('&');
      }
      first = false;
      body.writeBytes(utf8(encode(parameter.getKey()) + "="));
      signed.writeBytes(utf8(parameter.getKey()));
      if (parameter.getKey().equals(sidParameter)) {
        body = bodyTail;
        signed = signedTail;
      } else {
        body.writeBytes(utf8(encode(parameter.getValue())));
        signed.writeBytes(utf8(parameter.getValue()));
      }
    }
    return new CallSidTemplate(bodyHead.toByteArray(), bodyTail.toByteArray(),
        signer.after(signedHead.toByteArray()), signedTail.toByteArray());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "CallWebhook" + parameters;
  }
}
