package io.switchboard.loadtest;

import io.switchboard.directory.DirectoryEntry;
import io.switchboard.http.ApiPaths;
import io.switchboard.loadtest.CallMix.Outcome;
import io.switchboard.loadtest.DirectoryFlow.Step;
import io.switchboard.loadtest.TwilioRequest.Kind;
import io.switchboard.loadtest.TwimlAnswer.Dial;
import io.switchboard.loadtest.TwimlAnswer.Hangup;
import io.switchboard.loadtest.TwimlAnswer.Noun;
import io.switchboard.loadtest.TwimlAnswer.Record;
import io.switchboard.loadtest.TwimlAnswer.Verb;
import io.switchboard.twilio.CallWebhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One call from a phone to a directory entry, or from a client to a phone, played as Twilio plays it: it posts the
 * incoming-call (or outgoing-call) webhook, follows the
 * TwiML each answer gives (a {@code <Dial>}'s legs and action, a {@code <Record>}'s action and recording callback,
 * a {@code <Hangup>}), decides each dial's outcome from the {@link CallMix}, and checks each answer against what
 * the {@link DirectoryFlow} says. Its clock is virtual: each request carries the time it would have in a real call
 * (a 20 s ring is 20 s between two Timestamps), and is sent as soon as the one before it is answered.
 *
 * <p>Requests come in batches, each ending where Twilio would wait for TwiML: the simulator sends a batch, holds
 * the TwiML answer, and gives it to {@link #next} once the whole batch is answered. A batch without a webhook is
 * the last. Not thread-safe: one call is played on one event loop.
 */
final class SimulatedCall {

  /** What every call of a run shares. */
  record Setting(String accountSid, String authToken, String twimlAppSid, String publicBaseUrl,
                 int dialTimeoutSeconds, CallMix mix) {
  }

  /** The callers who reach the voicemail and leave a message; the others hang up at the beep. */
  private static final int LEAVES_A_MESSAGE_PERCENT = 85;
  private static final HexFormat HEX = HexFormat.of();

  private final Setting setting;
  private final DirectoryFlow flow;
  private final boolean incoming;
  /** The caller's call, as Twilio names its ends in each request: a phone or {@code client:name}, and the callee. */
  private final String from;
  private final String to;
  /** The call's ends as the records show them: for a client's call out, its number rather than its name. */
  private final String shownFrom;
  private final String shownTo;
  private final String callSid;
  private final RandomGenerator random;
  private final long startedAt;
  /** The call's virtual clock, in epoch seconds. */
  private long clock;
  private Step expected;
  private String askedBy;
  /** Whether the caller has hung up: what Twilio does with the TwiML after that no longer matters. */
  private boolean callerGone;
  /** Whose history the call is in: the clients rung by a call in, the caller of a call out. */
  private final Set<String> clients = new TreeSet<>();
  private String firstDialStatus;
  private String answeredBy;
  private Integer talkSeconds;
  private String voicemail;
  private final List<String> wrongAnswers = new ArrayList<>();
  private int failedRequests;

  private SimulatedCall(Setting setting, DirectoryFlow flow, boolean incoming, String from, String to,
                        String shownFrom, String shownTo, RandomGenerator random) {
    this.setting = setting;
    this.flow = flow;
    this.incoming = incoming;
    this.from = from;
    this.to = to;
    this.shownFrom = shownFrom;
    this.shownTo = shownTo;
    this.random = random;
    this.callSid = sid("CA");
    this.startedAt = System.currentTimeMillis() / 1000;
    this.clock = startedAt;
    this.expected = flow.first();
    this.askedBy = (incoming ? Kind.INCOMING : Kind.OUTGOING).label;
  }

  /** {@code caller}, a phone in E.164, calls {@code entry}'s number. */
  static SimulatedCall incoming(Setting setting, DirectoryEntry entry, String caller, RandomGenerator random) {
    return new SimulatedCall(setting, DirectoryFlow.incoming(entry, caller, setting.dialTimeoutSeconds()), true,
        caller, entry.phoneNumber(), caller, entry.phoneNumber(), random);
  }

  /** {@code client} calls {@code phone} from the softphone, shown as {@code callerId}: its first entry's number. */
  static SimulatedCall outgoing(Setting setting, String client, String callerId, String phone,
                                RandomGenerator random) {
    SimulatedCall call = new SimulatedCall(setting,
        DirectoryFlow.outgoing(phone, callerId, setting.dialTimeoutSeconds()), false, CallWebhook.client(client),
        phone, callerId, phone, random);
    call.clients.add(client);
    return call;
  }

  String callSid() {
    return callSid;
  }

  List<TwilioRequest> start() {
    return List.of(incoming
        ? new TwilioRequest(Kind.INCOMING, setting.publicBaseUrl() + ApiPaths.CALL_INCOMING,
            CallWebhook.incomingFull(setting.accountSid(), from, to).withCallSid(callSid))
        : new TwilioRequest(Kind.OUTGOING, setting.publicBaseUrl() + ApiPaths.CALL_OUTGOING,
            CallWebhook.outgoing(setting.accountSid(), setting.twimlAppSid(), from.substring("client:".length()), to)
                .withCallSid(callSid)));
  }

  /** One of this call's requests got no answer, or a 5xx: the server did not take it. */
  void requestFailed() {
    failedRequests++;
  }

  /** The kinds of wrong TwiML this call was answered, in the order met. */
  List<String> wrongAnswers() {
    return wrongAnswers;
  }

  /**
   * The next batch, after the TwiML that ended the last one: empty once the call is over.
   *
   * @throws IllegalArgumentException when the TwiML names a URL outside the public base URL, which cannot be followed
   */
  List<TwilioRequest> next(TwimlAnswer answer) {
    DirectoryFlow.check(expected, answer, askedBy).ifPresent(wrongAnswers::add);
    if (callerGone) {
      return end();
    }
    for (Verb verb : answer.verbs()) {
      if (verb instanceof Dial dial) {
        return dial(dial);
      } else if (verb instanceof Record record) {
        return record(record);
      } else if (verb instanceof Hangup) {
        return end();
      }
      clock += 2; // a <Say> or <Play>
    }
    return end();
  }

  /** What the server's records should say of this call, once it is over. */
  ExpectedCall expectation() {
    return new ExpectedCall(callSid, incoming ? "incoming" : "outgoing", shownFrom, shownTo, Set.copyOf(clients),
        talkSeconds != null ? "completed" : firstDialStatus, talkSeconds, answeredBy, voicemail, failedRequests);
  }

  private List<TwilioRequest> dial(Dial dial) {
    if (dial.nouns().isEmpty()) {
      throw new IllegalArgumentException(askedBy + ": a <Dial> with no one to ring");
    }
    boolean firstDial = firstDialStatus == null;
    Step dialled = expected;
    int timeout = Math.max(2, dial.timeoutSeconds());
    boolean hangsUp = firstDial && setting.mix().hangsUpEarly(random);
    Outcome outcome = setting.mix().dial(random);
    String shownAs = dial.callerId().isEmpty() ? from : dial.callerId();
    long dialledAt = clock;
    int winner = !hangsUp && outcome == Outcome.ANSWERED ? random.nextInt(dial.nouns().size()) : -1;
    long answeredAt = dialledAt + 1 + random.nextInt(1, Math.min(timeout, 15));
    int talk = random.nextInt(5, 180);
    long over = hangsUp ? dialledAt + 1 + random.nextInt(1, timeout)
        : winner >= 0 ? answeredAt + talk : outcome == Outcome.BUSY ? dialledAt + 1 : dialledAt + timeout;

    List<Timed> callbacks = new ArrayList<>();
    List<String> legSids = new ArrayList<>();
    for (int i = 0; i < dial.nouns().size(); i++) {
      Noun noun = dial.nouns().get(i);
      String legSid = sid("CA");
      legSids.add(legSid);
      if (noun.client() && incoming) {
        clients.add(noun.target());
      }
      Leg leg = new Leg(noun, legSid, shownAs, callbacks);
      leg.report("initiated", dialledAt);
      if (hangsUp) {
        leg.report("ringing", dialledAt + 1);
        leg.report("canceled", over);
      } else if (i == winner) {
        leg.report("ringing", dialledAt + 1);
        leg.report("in-progress", answeredAt);
        leg.report("completed", over, talk);
      } else if (winner >= 0) {
        leg.report("ringing", dialledAt + 1);
        leg.report("canceled", answeredAt);
      } else if (outcome == Outcome.BUSY) {
        leg.report("busy", over);
      } else {
        leg.report("ringing", dialledAt + 1);
        leg.report("no-answer", over);
      }
    }
    String dialStatus = hangsUp ? "canceled" : winner >= 0 ? "completed"
        : outcome == Outcome.BUSY ? "busy" : "no-answer";
    if (firstDial) {
      firstDialStatus = dialStatus;
    }
    if (winner >= 0) {
      answeredBy = dial.nouns().get(winner).target();
      talkSeconds = talk;
    }
    callerGone = hangsUp;
    expected = hangsUp || winner >= 0 ? new DirectoryFlow.HangUp() : flow.afterUnanswered(dialled);
    askedBy = Kind.DIAL_ACTION.label;
    clock = over;
    callbacks.sort(Comparator.comparingLong(Timed::at));
    List<TwilioRequest> batch = new ArrayList<>(callbacks.stream().map(Timed::request).toList());
    if (dial.action().isEmpty()) {
      batch.addAll(end());
      return shuffled(batch);
    }
    String dialCallSid = winner >= 0 ? legSids.get(winner) : legSids.size() == 1 ? legSids.get(0) : "";
    batch.add(request(Kind.DIAL_ACTION, dial.action(), CallWebhook.dialAction(setting.accountSid(), callSid, from, to, hangsUp ? "completed" : "in-progress", dialStatus, dialCallSid,
        winner >= 0 ? talk : null)));
    return shuffled(batch);
  }

  /** The caller hears the beep, then leaves a message and hangs up, or hangs up at once and leaves none. */
  private List<TwilioRequest> record(Record record) {
    clock += 1;
    String recordingSid = sid("RE");
    String recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + setting.accountSid() + "/Recordings/"
        + recordingSid;
    boolean message = random.nextInt(100) < LEAVES_A_MESSAGE_PERCENT;
    int seconds = message ? random.nextInt(1, Math.max(2, Math.min(record.maxLengthSeconds(), 60))) : 0;
    Instant beep = Instant.ofEpochSecond(clock);
    clock += seconds;
    List<TwilioRequest> batch = new ArrayList<>();
    if (!record.recordingStatusCallback().isEmpty()) {
      batch.add(request(Kind.RECORDING_STATUS, record.recordingStatusCallback(), CallWebhook.recordingStatus(
          setting.accountSid(), callSid, recordingSid, recordingUrl, message ? "completed" : "absent", seconds, beep)));
    }
    if (message) {
      voicemail = recordingSid;
    }
    if (!message || record.action().isEmpty()) {
      // Twilio goes on to the next verb without the action when nothing was recorded: here the call is over.
      batch.addAll(end());
      return shuffled(batch);
    }
    expected = new DirectoryFlow.Thanks();
    askedBy = Kind.RECORD_ACTION.label;
    callerGone = true;
    batch.add(0, request(Kind.RECORD_ACTION, record.action(), CallWebhook.recordAction(setting.accountSid(),
        callSid, from, to, recordingSid, recordingUrl, seconds)));
    return shuffled(batch);
  }

  /** The call's own status callback, as set on the number in Twilio's console. */
  private List<TwilioRequest> end() {
    List<TwilioRequest> last = List.of(request(Kind.CALL_STATUS, setting.publicBaseUrl() + ApiPaths.CALL_STATUS,
        CallWebhook.callCompleted(setting.accountSid(), callSid, from, to, (int) (clock - startedAt), Instant.ofEpochSecond(clock))));
    expected = null;
    return last;
  }

  /**
   * Twilio's delivery: some callbacks twice (the copy at the end of the batch), some late (after the request that
   * followed them). Webhooks are sent once and in order: their answers say what comes next.
   */
  private List<TwilioRequest> shuffled(List<TwilioRequest> batch) {
    List<TwilioRequest> sent = new ArrayList<>(batch);
    for (int i = 0; i + 1 < sent.size(); i++) {
      if (sent.get(i).isCallback() && setting.mix().reordered(random)) {
        sent.add(i + 1, sent.remove(i));
        i++;
      }
    }
    for (TwilioRequest request : batch) {
      if (request.isCallback() && setting.mix().duplicated(random)) {
        sent.add(request);
      }
    }
    return sent;
  }

  private TwilioRequest request(Kind kind, String url, CallWebhook parameters) {
    if (!url.startsWith(setting.publicBaseUrl() + "/")) {
      throw new IllegalArgumentException(kind.label + " URL outside twilio.publicBaseUrl");
    }
    return new TwilioRequest(kind, url, parameters);
  }

  private String sid(String prefix) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return prefix + HEX.formatHex(bytes);
  }

  private record Timed(long at, TwilioRequest request) {
  }

  /** One leg of a dial: its status callbacks, numbered from 0 as Twilio numbers them, for the events it asks. */
  private final class Leg {
    private final Noun noun;
    private final String legSid;
    private final String from;
    private final List<Timed> callbacks;
    private int sequenceNumber;

    Leg(Noun noun, String legSid, String from, List<Timed> callbacks) {
      this.noun = noun;
      this.legSid = legSid;
      this.from = from;
      this.callbacks = callbacks;
    }

    void report(String status, long at) {
      report(status, at, 0);
    }

    void report(String status, long at, int durationSeconds) {
      String event = switch (status) {
        case "initiated", "ringing" -> status;
        case "in-progress" -> "answered";
        default -> "completed";
      };
      if (noun.statusCallback().isEmpty() || !List.of(noun.events().split(" ")).contains(event)) {
        return;
      }
      CallWebhook callback = CallWebhook.legStatus(setting.accountSid(), callSid, legSid, status, sequenceNumber++,
          from, noun.client() ? CallWebhook.client(noun.target()) : noun.target(), Instant.ofEpochSecond(at));
      if (status.equals("completed")) {
        callback = callback.withCallDuration(durationSeconds);
      }
      callbacks.add(new Timed(at, request(Kind.LEG_STATUS, noun.statusCallback(), callback)));
    }
  }
}
