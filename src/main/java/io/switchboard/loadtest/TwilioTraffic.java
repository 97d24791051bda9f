package io.switchboard.loadtest;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.http.ApiPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The requests Twilio and softphones send, built from a configuration's directory: webhooks with Twilio's full
 * parameter sets, fresh CallSids and a valid signature, token requests; each with the answer the directory implies.
 */
final class TwilioTraffic {

  /** Phones outside Twilio that call in and are called: valid numbers in several countries. */
  private static final List<String> OUTSIDE_PHONES = List.of("+819059876543", "+14155550123", "+442071838750",
      "+33142685300", "+61293744000");
  private static final String ACCEPT_FORM = "application/x-www-form-urlencoded";
  /** Where each request's fresh CallSid goes in a template: text that form encoding leaves as it is. */
  private static final String CALL_SID_SLOT = "__CALL_SID__";

  enum Kind { INCOMING, OUTGOING, TOKEN }

  /** One request to send, and the fragments its answer must contain. */
  record PlannedRequest(Kind kind, String path, String contentType, Buffer body, String signature,
                        List<String> expected) {

    /** Empty when the answer is right, else what is wrong with it, as an error kind. */
    String problem(int status, Buffer answer) {
      if (status != 200) {
        return "HTTP " + status + " on " + kind.name().toLowerCase();
      }
      String text = answer == null ? "" : answer.toString(StandardCharsets.UTF_8);
      for (String fragment : expected) {
        if (!text.contains(fragment)) {
          return "unexpected " + (kind == Kind.TOKEN ? "token answer" : "TwiML") + " on " + kind.name().toLowerCase();
        }
      }
      return "";
    }
  }

  private final Scenario scenario;
  private final String accountSid;
  private final String twimlAppSid;
  private final String publicBaseUrl;
  private final byte[] authToken;
  private final int dialTimeout;
  private final List<DirectoryEntry> entries;
  private final List<DirectoryEntry> tokenEntries;
  /** Bounded: a large directory has more caller and callee pairs than are worth keeping. */
  private final LoadingCache<TemplateKey, WebhookTemplate> templates =
      Caffeine.newBuilder().maximumSize(4_096).build(this::template);

  TwilioTraffic(SwitchboardConfig config, Scenario scenario) {
    this.scenario = scenario;
    this.accountSid = config.twilio().accountSid();
    this.twimlAppSid = config.twilio().twimlAppSid();
    this.publicBaseUrl = config.twilio().publicBaseUrl();
    this.authToken = config.twilio().authToken().getBytes(StandardCharsets.UTF_8);
    this.dialTimeout = config.dial().timeoutSeconds();
    this.entries = List.copyOf(config.directory().entries().entries());
    // Entries with a secret cannot be asked for tokens without it; the load test leaves them to the webhooks.
    this.tokenEntries = entries.stream().filter(entry -> entry.secret().isEmpty()).toList();
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the configuration's directory is empty: nothing to call");
    }
    if (scenario.tokenPercent > 0 && tokenEntries.isEmpty()) {
      throw new IllegalArgumentException("every directory entry has a secretHash: the token scenario has no number to ask for");
    }
  }

  PlannedRequest next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int pick = random.nextInt(100);
    if (pick < scenario.incomingPercent) {
      return incoming(random);
    }
    if (pick < scenario.incomingPercent + scenario.outgoingPercent) {
      return outgoing(random);
    }
    return token(random);
  }

  private PlannedRequest incoming(ThreadLocalRandom random) {
    TemplateKey key = new TemplateKey(Kind.INCOMING, random.nextInt(OUTSIDE_PHONES.size()), random.nextInt(entries.size()));
    return templates.get(key).withCallSid(callSid(random));
  }

  private PlannedRequest outgoing(ThreadLocalRandom random) {
    int caller = random.nextInt(entries.size());
    // One call in five to another browser client, the rest to phones outside.
    int callee = entries.size() > 1 && random.nextInt(5) == 0
        ? random.nextInt(entries.size()) : entries.size() + random.nextInt(OUTSIDE_PHONES.size());
    return templates.get(new TemplateKey(Kind.OUTGOING, caller, callee)).withCallSid(callSid(random));
  }

  private WebhookTemplate template(TemplateKey key) {
    return key.kind() == Kind.INCOMING ? incoming(key.caller(), key.callee()) : outgoing(key.caller(), key.callee());
  }

  private WebhookTemplate incoming(int callerIndex, int calledIndex) {
    DirectoryEntry called = entries.get(calledIndex);
    String caller = OUTSIDE_PHONES.get(callerIndex);
    Map<String, String> params = new TreeMap<>();
    params.put("AccountSid", accountSid);
    params.put("ApiVersion", "2010-04-01");
    params.put("CallSid", CALL_SID_SLOT);
    params.put("CallStatus", "ringing");
    params.put("CallToken", "%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D");
    params.put("Called", called.phoneNumber());
    params.put("CalledCity", "");
    params.put("CalledCountry", "JP");
    params.put("CalledState", "");
    params.put("CalledZip", "");
    params.put("Caller", caller);
    params.put("CallerCity", "");
    params.put("CallerCountry", "JP");
    params.put("CallerState", "");
    params.put("CallerZip", "");
    params.put("Direction", "inbound");
    params.put("From", caller);
    params.put("FromCity", "");
    params.put("FromCountry", "JP");
    params.put("FromState", "");
    params.put("FromZip", "");
    params.put("StirVerstat", "TN-Validation-Passed-A");
    params.put("To", called.phoneNumber());
    params.put("ToCity", "");
    params.put("ToCountry", "JP");
    params.put("ToState", "");
    params.put("ToZip", "");
    return webhook(Kind.INCOMING, ApiPaths.CALL_INCOMING, params,
        List.of("<Dial timeout=\"" + dialTimeout + "\"><Client>" + called.clientName() + "</Client></Dial>"));
  }

  private WebhookTemplate outgoing(int callerIndex, int calleeIndex) {
    DirectoryEntry caller = entries.get(callerIndex);
    Map<String, String> params = new TreeMap<>();
    params.put("AccountSid", accountSid);
    params.put("ApiVersion", "2010-04-01");
    params.put("ApplicationSid", twimlAppSid);
    params.put("CallSid", CALL_SID_SLOT);
    params.put("CallStatus", "ringing");
    params.put("Called", "");
    params.put("Caller", "client:" + caller.clientName());
    params.put("Direction", "inbound");
    params.put("From", "client:" + caller.clientName());
    List<String> expected = new ArrayList<>();
    expected.add("callerId=\"" + caller.phoneNumber() + "\"");
    if (calleeIndex < entries.size()) {
      DirectoryEntry callee = entries.get(calleeIndex);
      params.put("To", "client:" + callee.clientName());
      expected.add("<Client>" + callee.clientName() + "</Client>");
    } else {
      String callee = OUTSIDE_PHONES.get(calleeIndex - entries.size());
      params.put("To", callee);
      expected.add("<Number>" + callee + "</Number>");
    }
    return webhook(Kind.OUTGOING, ApiPaths.CALL_OUTGOING, params, expected);
  }

  private PlannedRequest token(ThreadLocalRandom random) {
    DirectoryEntry entry = tokenEntries.get(random.nextInt(tokenEntries.size()));
    Buffer body = new JsonObject().put("twilioPhoneNumber", entry.phoneNumber()).toBuffer();
    return new PlannedRequest(Kind.TOKEN, ApiPaths.CAPABILITY_TOKEN, "application/json", body, null,
        List.of("\"success\":true", "\"identity\":\"" + entry.clientName() + "\""));
  }

  private WebhookTemplate webhook(Kind kind, String path, Map<String, String> sortedParams, List<String> expected) {
    StringBuilder signed = new StringBuilder(publicBaseUrl).append(path);
    StringBuilder form = new StringBuilder(512);
    sortedParams.forEach((name, value) -> {
      signed.append(name).append(value);
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    String[] body = form.toString().split(CALL_SID_SLOT, -1);
    String[] signedData = signed.toString().split(CALL_SID_SLOT, -1);
    Mac signedHead = newHmacSha1();
    signedHead.update(signedData[0].getBytes(StandardCharsets.UTF_8));
    return new WebhookTemplate(kind, path, body[0].getBytes(StandardCharsets.UTF_8),
        body[1].getBytes(StandardCharsets.UTF_8), signedHead, signedData[1].getBytes(StandardCharsets.UTF_8),
        List.copyOf(expected));
  }

  /** Which webhook: its kind, and the indexes of caller and callee in the phone and directory lists. */
  private record TemplateKey(Kind kind, int caller, int callee) {
  }

  /**
   * A webhook with all but its CallSid decided, as the form and the signed data before and after it. Building
   * and signing each request whole made the generator spend much of its time on it, which must stay well below the
   * server's.
   */
  private record WebhookTemplate(Kind kind, String path, byte[] bodyHead, byte[] bodyTail, Mac signedHead,
                                 byte[] signedTail, List<String> expected) {

    PlannedRequest withCallSid(String callSid) {
      byte[] sid = callSid.getBytes(StandardCharsets.US_ASCII);
      Buffer body = Buffer.buffer(bodyHead.length + sid.length + bodyTail.length)
          .appendBytes(bodyHead).appendBytes(sid).appendBytes(bodyTail);
      Mac mac = copy(signedHead);
      mac.update(sid);
      String signature = Base64.getEncoder().encodeToString(mac.doFinal(signedTail));
      return new PlannedRequest(kind, path, ACCEPT_FORM, body, signature, expected);
    }

    /** A Mac is not thread-safe, but copying one that is never updated again is. */
    private static Mac copy(Mac mac) {
      try {
        return (Mac) mac.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("this JDK's HmacSHA1 cannot be copied", e);
      }
    }
  }

  private Mac newHmacSha1() {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
    }
  }

  private static String callSid(ThreadLocalRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "CA" + HexFormat.of().formatHex(bytes);
  }
}
