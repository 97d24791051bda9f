package io.switchboard.loadtest;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.http.ApiPaths;
import io.switchboard.twilio.CallSidTemplate;
import io.switchboard.twilio.CallWebhook;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The requests Twilio and softphones send, built from a configuration's directory: webhooks with Twilio's full
 * parameter sets, fresh CallSids and a valid signature, token requests; each with the answer the directory implies.
 */
final class TwilioTraffic {

  /** Phones outside Twilio that call in and are called: valid numbers in several countries. */
  private static final List<String> OUTSIDE_PHONES = List.of("+819059876543", "+14155550123", "+442071838750",
      "+33142685300", "+61293744000");

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
  private final String authToken;
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
    this.authToken = config.twilio().authToken();
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
    CallWebhook call = CallWebhook.incomingFull(accountSid, OUTSIDE_PHONES.get(callerIndex), called.phoneNumber());
    return webhook(Kind.INCOMING, ApiPaths.CALL_INCOMING, call,
        List.of("<Dial timeout=\"" + dialTimeout + "\"><Client>" + called.clientName() + "</Client></Dial>"));
  }

  private WebhookTemplate outgoing(int callerIndex, int calleeIndex) {
    DirectoryEntry caller = entries.get(callerIndex);
    String callerId = "callerId=\"" + caller.phoneNumber() + "\"";
    if (calleeIndex < entries.size()) {
      String callee = entries.get(calleeIndex).clientName();
      return webhook(Kind.OUTGOING, ApiPaths.CALL_OUTGOING,
          CallWebhook.outgoing(accountSid, twimlAppSid, caller.clientName(), CallWebhook.client(callee)),
          List.of(callerId, "<Client>" + callee + "</Client>"));
    }
    String callee = OUTSIDE_PHONES.get(calleeIndex - entries.size());
    return webhook(Kind.OUTGOING, ApiPaths.CALL_OUTGOING,
        CallWebhook.outgoing(accountSid, twimlAppSid, caller.clientName(), callee),
        List.of(callerId, "<Number>" + callee + "</Number>"));
  }

  private PlannedRequest token(ThreadLocalRandom random) {
    DirectoryEntry entry = tokenEntries.get(random.nextInt(tokenEntries.size()));
    Buffer body = new JsonObject().put("twilioPhoneNumber", entry.phoneNumber()).toBuffer();
    return new PlannedRequest(Kind.TOKEN, ApiPaths.CAPABILITY_TOKEN, "application/json", body, null,
        List.of("\"success\":true", "\"identity\":\"" + entry.clientName() + "\""));
  }

  /** A signer each: templates are made on whichever thread first asks for one, and a signer is not thread-safe. */
  private WebhookTemplate webhook(Kind kind, String path, CallWebhook call, List<String> expected) {
    CallSidTemplate template = call.forEachCallSid(new TwilioSignature(authToken), publicBaseUrl + path);
    return new WebhookTemplate(kind, path, template, expected);
  }

  /** Which webhook: its kind, and the indexes of caller and callee in the phone and directory lists. */
  private record TemplateKey(Kind kind, int caller, int callee) {
  }

  /**
   * A webhook with all but its CallSid decided and signed. Building and signing each request whole made the
   * generator spend much of its time on it, which must stay well below the server's.
   */
  private record WebhookTemplate(Kind kind, String path, CallSidTemplate call, List<String> expected) {

    PlannedRequest withCallSid(String callSid) {
      return new PlannedRequest(kind, path, CallWebhook.CONTENT_TYPE, call.body(callSid),
          call.signature(callSid), expected);
    }
  }

  private static String callSid(ThreadLocalRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "CA" + HexFormat.of().formatHex(bytes);
  }
}
