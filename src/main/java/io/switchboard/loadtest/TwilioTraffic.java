package io.switchboard.loadtest;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.http.ApiPaths;
import io.switchboard.twilio.CallSidTemplate;
import io.switchboard.twilio.CallWebhook;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The requests Twilio and softphones send, built from a configuration's directory: webhooks with Twilio's full
 * parameter sets, fresh CallSids and a valid signature, leg status callbacks, token requests; each with the answer
 * the directory implies.
 */
final class TwilioTraffic {

  /** Phones outside Twilio that call in, and that a client calls where the dial policy allows their country. */
  static final List<String> OUTSIDE_PHONES = List.of("+819059876543", "+14155550123", "+442071838750",
      "+33142685300", "+61293744000");
  /** The kinds of line a client is sent to call in each allowed region, from libphonenumber's example numbers. */
  private static final List<PhoneNumberType> DIALLED_TYPES = List.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE);
  /** The path of each leg's statusCallback (docs/load-testing.md). */
  static final String LEG_STATUS = "/twilio/callbacks/leg-status";
  /** The leg statuses Twilio reports when asked for {@code initiated ringing answered completed}. */
  private static final List<String> LEG_STATUSES = List.of("initiated", "ringing", "in-progress", "completed");

  /**
   * What the server says when a client's calls to the public network pass {@code dial.maxCallsPerHour}: a right
   * answer to a load it was configured not to take, which the summary names with the key to change.
   */
  static final String CALL_CAP_SAID = "too many calls in the last hour";
  static final Verdict REFUSED_BY_CALL_CAP =
      Verdict.refusal("refused by dial.maxCallsPerHour: raise it for a load test");
  static final Verdict REFUSED_BY_TOKEN_LIMIT =
      Verdict.refusal("refused by security.tokenRequestsPerMinute: raise it for a load test");

  enum Kind { INCOMING, OUTGOING, TOKEN, CALLBACK }

  /**
   * What an answer was: right (an empty kind), a refusal that the server's configuration asks for, or wrong; the
   * kind says which refusal, or what is wrong.
   */
  record Verdict(String kind, boolean refusal) {
    static final Verdict RIGHT = new Verdict("", false);

    static Verdict wrong(String kind) {
      return new Verdict(kind, false);
    }

    static Verdict refusal(String kind) {
      return new Verdict(kind, true);
    }

    boolean right() {
      return kind.isEmpty();
    }
  }

  /**
   * One request to send, and the fragments its answer must contain.
   *
   * @param acknowledges what a 2xx acknowledges of a callback, else null
   */
  record PlannedRequest(Kind kind, String path, String contentType, Buffer body, String signature,
                        List<String> expected, AcknowledgedCallback acknowledges) {

    Verdict verdict(int status, Buffer answer) {
      if (kind == Kind.CALLBACK) {
        // Twilio takes any 2xx as delivered; the server answers 204 once the callback is stored.
        return status / 100 == 2 ? Verdict.RIGHT : Verdict.wrong("HTTP " + status + " on callback"
            + (status == 503 ? " (the store refused it: down, or its queue full)" : ""));
      }
      if (status == 429 && kind == Kind.TOKEN) {
        return REFUSED_BY_TOKEN_LIMIT;
      }
      if (status != 200) {
        return Verdict.wrong("HTTP " + status + " on " + kind.name().toLowerCase());
      }
      String text = answer == null ? "" : answer.toString(StandardCharsets.UTF_8);
      for (String fragment : expected) {
        if (!text.contains(fragment)) {
          if (kind == Kind.OUTGOING && text.contains(CALL_CAP_SAID)) {
            return REFUSED_BY_CALL_CAP;
          }
          return Verdict.wrong("unexpected " + (kind == Kind.TOKEN ? "token answer" : "TwiML") + " on "
              + kind.name().toLowerCase());
        }
      }
      return Verdict.RIGHT;
    }
  }

  private final Scenario scenario;
  private final String accountSid;
  private final String twimlAppSid;
  private final String publicBaseUrl;
  private final String authToken;
  private final int dialTimeout;
  private final Directory directory;
  private final List<DirectoryEntry> entries;
  private final List<DirectoryEntry> tokenEntries;
  /** The phones outside the directory that the dial policy lets its clients call: see {@link #dialable}. */
  private final List<String> dialledPhones;
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
    this.directory = config.directory().entries();
    this.entries = directory.entries();
    // Entries with a secret cannot be asked for tokens without it; the load test leaves them to the webhooks.
    this.tokenEntries = entries.stream().filter(entry -> entry.secret().isEmpty()).toList();
    this.dialledPhones = dialable(config.dial().policy(), config.directory().entries());
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
    if (pick < scenario.incomingPercent + scenario.outgoingPercent + scenario.tokenPercent) {
      return token(random);
    }
    return callback(random);
  }

  /**
   * The phones a client may call under {@code policy}: the fixed list's and libphonenumber's example fixed and mobile
   * numbers of each allowed region (the directory's own regions unless the policy names others), without the
   * directory's own numbers, which ring their client rather than the public network. Empty when the policy allows
   * nothing outside the directory: clients then call only each other.
   */
  static List<String> dialable(DialPolicy policy, Directory directory) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Set<String> candidates = new LinkedHashSet<>(OUTSIDE_PHONES);
    Set<String> regions = new TreeSet<>(policy.allowedCountries().orElse(directory.regions()));
    regions.remove(DialPolicy.ALL_COUNTRIES);
    for (String region : regions) {
      for (PhoneNumberType type : DIALLED_TYPES) {
        var example = util.getExampleNumberForType(region, type);
        if (example != null) {
          candidates.add(util.format(example, PhoneNumberFormat.E164));
        }
      }
    }
    List<String> allowed = new ArrayList<>();
    for (String phone : candidates) {
      directory.phoneNumbers().parse(phone)
          .filter(number -> directory.byPhoneNumber(number.e164()).isEmpty())
          .filter(number -> policy.check(number, directory) == DialPolicy.Verdict.ALLOWED)
          .ifPresent(number -> allowed.add(number.e164()));
    }
    return List.copyOf(allowed);
  }

  private PlannedRequest incoming(ThreadLocalRandom random) {
    TemplateKey key = new TemplateKey(Kind.INCOMING, random.nextInt(OUTSIDE_PHONES.size()), random.nextInt(entries.size()));
    return templates.get(key).withCallSid(callSid(random));
  }

  private PlannedRequest outgoing(ThreadLocalRandom random) {
    int caller = random.nextInt(entries.size());
    // One call in five to another browser client, the rest to phones outside (all to clients when no phone is allowed).
    int callee = dialledPhones.isEmpty() || entries.size() > 1 && random.nextInt(5) == 0
        ? random.nextInt(entries.size()) : entries.size() + random.nextInt(dialledPhones.size());
    return templates.get(new TemplateKey(Kind.OUTGOING, caller, callee)).withCallSid(callSid(random));
  }

  /** A leg's status callback for a call of its own: one call a callback, so that each stores a call. */
  private PlannedRequest callback(ThreadLocalRandom random) {
    TemplateKey key = new TemplateKey(Kind.CALLBACK, random.nextInt(LEG_STATUSES.size()), random.nextInt(entries.size()));
    return templates.get(key).withCallSid(callSid(random));
  }

  private WebhookTemplate template(TemplateKey key) {
    return switch (key.kind()) {
      case INCOMING -> incoming(key.caller(), key.callee());
      case OUTGOING -> outgoing(key.caller(), key.callee());
      case CALLBACK -> legStatus(key.caller(), key.callee());
      case TOKEN -> throw new IllegalArgumentException("a token request has no template");
    };
  }

  private WebhookTemplate incoming(int callerIndex, int calledIndex) {
    DirectoryEntry called = entries.get(calledIndex);
    CallWebhook call = CallWebhook.incomingFull(accountSid, OUTSIDE_PHONES.get(callerIndex), called.phoneNumber());
    // The first ring: every client of the entry together, or its first alone. Attributes in between when the server
    // asks for the call's life (calls.record) or the entry's flow goes on: the rest is the same.
    List<String> rung = called.ring() == Ring.ALL ? called.clients() : called.clients().subList(0, 1);
    List<String> expected = new ArrayList<>();
    expected.add(" timeout=\"" + called.ringSeconds().orElse(dialTimeout) + "\"><Client");
    rung.forEach(client -> expected.add(">" + client + "</Client>"));
    expected.add("</Client></Dial>");
    return webhook(Kind.INCOMING, ApiPaths.CALL_INCOMING, call, expected);
  }

  /** A client calls from its first number: the one the server shows when the softphone asks for none. */
  private WebhookTemplate outgoing(int callerIndex, int calleeIndex) {
    String caller = entries.get(callerIndex).clients().get(0);
    String callerId = "callerId=\"" + directory.byClientName(caller).orElseThrow().phoneNumber() + "\"";
    if (calleeIndex < entries.size()) {
      String callee = entries.get(calleeIndex).clients().get(0);
      return webhook(Kind.OUTGOING, ApiPaths.CALL_OUTGOING,
          CallWebhook.outgoing(accountSid, twimlAppSid, caller, CallWebhook.client(callee)),
          List.of(callerId, ">" + callee + "</Client>"));
    }
    String callee = dialledPhones.get(calleeIndex - entries.size());
    return webhook(Kind.OUTGOING, ApiPaths.CALL_OUTGOING,
        CallWebhook.outgoing(accountSid, twimlAppSid, caller, callee),
        List.of(callerId, ">" + callee + "</Number>"));
  }

  private PlannedRequest token(ThreadLocalRandom random) {
    DirectoryEntry entry = tokenEntries.get(random.nextInt(tokenEntries.size()));
    JsonObject request = new JsonObject().put("twilioPhoneNumber", entry.phoneNumber());
    String client = entry.clients().get(random.nextInt(entry.clients().size()));
    if (entry.clients().size() > 1) {
      request.put("clientName", client);
    }
    return new PlannedRequest(Kind.TOKEN, ApiPaths.CAPABILITY_TOKEN, "application/json", request.toBuffer(), null,
        List.of("\"success\":true", "\"identity\":\"" + client + "\""), null);
  }

  /**
   * The status callback of the {@code <Client>} leg of an incoming call to the entry at {@code calledIndex}, under
   * the URL the server's TwiML names for it: its query says which side of the call is ours.
   */
  private WebhookTemplate legStatus(int statusIndex, int calledIndex) {
    DirectoryEntry called = entries.get(calledIndex);
    String client = called.clients().get(0);
    String path = LEG_STATUS + "?direction=incoming&number=" + encode(called.phoneNumber())
        + "&client=" + encode(client);
    CallWebhook leg = CallWebhook.legStatus(accountSid, CallWebhook.EXAMPLE_CALL_SID,
        callSid(ThreadLocalRandom.current()), LEG_STATUSES.get(statusIndex), statusIndex,
        OUTSIDE_PHONES.get(calledIndex % OUTSIDE_PHONES.size()), CallWebhook.client(client), Instant.now());
    CallSidTemplate template = leg.forEachParentCallSid(new TwilioSignature(authToken), publicBaseUrl + path);
    return new WebhookTemplate(Kind.CALLBACK, path, template, List.of(),
        AcknowledgedCallback.of(TwilioRequest.Kind.LEG_STATUS, leg.parameters()).orElseThrow());
  }

  /** A signer each: templates are made on whichever thread first asks for one, and a signer is not thread-safe. */
  private WebhookTemplate webhook(Kind kind, String path, CallWebhook call, List<String> expected) {
    CallSidTemplate template = call.forEachCallSid(new TwilioSignature(authToken), publicBaseUrl + path);
    return new WebhookTemplate(kind, path, template, expected, null);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Which webhook: its kind, and the indexes of caller and callee in the phone and directory lists; for a callback,
   * the leg's status and the entry rung.
   */
  private record TemplateKey(Kind kind, int caller, int callee) {
  }

  /**
   * A webhook with all but its CallSid (a callback's ParentCallSid) decided and signed. Building and signing each
   * request whole made the generator spend much of its time on it, which must stay well below the server's.
   *
   * @param acknowledges what a callback's 2xx acknowledges, for any call; null for a webhook
   */
  private record WebhookTemplate(Kind kind, String path, CallSidTemplate call, List<String> expected,
                                 AcknowledgedCallback acknowledges) {

    PlannedRequest withCallSid(String callSid) {
      return new PlannedRequest(kind, path, CallWebhook.CONTENT_TYPE, call.body(callSid),
          call.signature(callSid), expected, acknowledges == null ? null : acknowledges.forCall(callSid));
    }
  }

  private static String callSid(ThreadLocalRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return "CA" + HexFormat.of().formatHex(bytes);
  }
}
