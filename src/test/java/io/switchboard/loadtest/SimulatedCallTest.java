package io.switchboard.loadtest;

import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.DirectoryEntry.Ring;
import io.switchboard.loadtest.TwilioRequest.Kind;
import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One simulated call fed the TwiML a server would answer: what it sends back, as Twilio would. */
class SimulatedCallTest {

  private static final String BASE = "https://voice.example.com";
  private static final String NUMBER = "+815031230001";
  private static final String CALLER = "+819059876543";
  private static final DirectoryEntry GROUP = new DirectoryEntry(NUMBER, List.of("laptop", "phone"), Ring.ALL,
      OptionalInt.of(20), Optional.empty(), Optional.empty());
  private static final String RING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial action=\"" + BASE
      + "/twilio/retrieve_twiml/dial_action?direction=incoming&amp;number=%2B815031230001\" answerOnBridge=\"true\""
      + " timeout=\"20\">" + client("laptop") + client("phone") + "</Dial></Response>";

  private static String client(String name) {
    return "<Client statusCallback=\"" + BASE + "/twilio/callbacks/leg-status?direction=incoming&amp;number="
        + "%2B815031230001&amp;client=" + name + "\" statusCallbackEvent=\"initiated ringing answered completed\">"
        + name + "</Client>";
  }

  private static SimulatedCall call(CallMix mix, long seed) {
    return SimulatedCall.incoming(new SimulatedCall.Setting("AC0123456789abcdef0123456789abcdef", "token", "AP0", BASE, 60,
        mix),
        GROUP, CALLER, new Random(seed));
  }

  @Test
  void anAnsweredRingGroupReportsEachLegInOrderThenTheDialOutcome() {
    for (long seed = 0; seed < 20; seed++) {
      SimulatedCall call = call(new CallMix(100, 0, 0, 0, 0, 0, 0), seed);
      assertEquals(Kind.INCOMING, call.start().get(0).kind());

      List<TwilioRequest> batch = call.next(TwimlAnswer.parse(RING));

      assertEquals(List.of(), call.wrongAnswers());
      TwilioRequest action = batch.get(batch.size() - 1);
      assertEquals(Kind.DIAL_ACTION, action.kind(), "the Dial action comes once the legs are over");
      assertTrue(action.url().endsWith("dial_action?direction=incoming&number=%2B815031230001"), action.url());
      Map<String, List<Map<String, String>>> legs = batch.subList(0, batch.size() - 1).stream()
          .peek(request -> assertEquals(Kind.LEG_STATUS, request.kind()))
          .map(request -> request.parameters().parameters())
          .collect(Collectors.groupingBy(parameters -> parameters.get("CallSid"), java.util.TreeMap::new,
              Collectors.toList()));
      assertEquals(2, legs.size());
      long previous = 0;
      List<String> finals = new ArrayList<>();
      for (List<Map<String, String>> leg : legs.values()) {
        for (int i = 0; i < leg.size(); i++) {
          assertEquals(Integer.toString(i), leg.get(i).get("SequenceNumber"), "numbered from 0 per leg");
          assertEquals(call.callSid(), leg.get(i).get("ParentCallSid"));
        }
        finals.add(leg.get(leg.size() - 1).get("CallStatus"));
      }
      for (TwilioRequest request : batch.subList(0, batch.size() - 1)) {
        long at = ZonedDateTime.parse(request.parameters().parameters().get("Timestamp"),
            DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        assertTrue(at >= previous, "sent in the order of the call's own clock");
        previous = at;
      }
      assertEquals(Set.of("completed", "canceled"), Set.copyOf(finals), "one answers, the other stops ringing");
      Map<String, String> answered = legs.values().stream().map(leg -> leg.get(leg.size() - 1))
          .filter(last -> last.get("CallStatus").equals("completed")).findFirst().orElseThrow();
      Map<String, String> outcome = action.parameters().parameters();
      assertEquals("completed", outcome.get("DialCallStatus"));
      assertEquals(answered.get("CallSid"), outcome.get("DialCallSid"));
      assertEquals(answered.get("CallDuration"), outcome.get("DialCallDuration"));

      assertEquals(List.of(Kind.CALL_STATUS),
          call.next(TwimlAnswer.parse("<Response><Hangup/></Response>")).stream().map(TwilioRequest::kind).toList());
      ExpectedCall expected = call.expectation();
      assertEquals("completed", expected.status());
      assertEquals(answered.get("To").substring("client:".length()), expected.answeredBy());
      assertEquals(Integer.valueOf(answered.get("CallDuration")), expected.durationSeconds());
      assertEquals(Set.of("laptop", "phone"), expected.clients());
    }
  }

  @Test
  void everyCallbackAndNoWebhookIsSentTwiceWhenAllAreDuplicated() {
    SimulatedCall call = call(new CallMix(0, 100, 0, 0, 100, 0, 0), 7);
    call.start();

    List<TwilioRequest> batch = call.next(TwimlAnswer.parse(RING));

    List<TwilioRequest> callbacks = batch.stream().filter(TwilioRequest::isCallback).toList();
    assertEquals(2 * Set.copyOf(callbacks).size(), callbacks.size());
    assertEquals(1, batch.stream().filter(request -> request.kind() == Kind.DIAL_ACTION).count());
    assertEquals("no-answer", batch.stream().filter(request -> request.kind() == Kind.DIAL_ACTION).findFirst()
        .orElseThrow().parameters().parameters().get("DialCallStatus"));
  }

  @Test
  void aClientsCallOutIsTheClientsWithItsNumberShownAndAWrongCallerIdIsNamed() {
    SimulatedCall call = SimulatedCall.outgoing(new SimulatedCall.Setting("AC0123456789abcdef0123456789abcdef", "token",
        "AP0", BASE, 60, new CallMix(100, 0, 0, 0, 0, 0, 100)), "laptop", NUMBER, CALLER, new Random(5));
    Map<String, String> webhook = call.start().get(0).parameters().parameters();
    assertEquals("client:laptop", webhook.get("From"));
    assertEquals(CALLER, webhook.get("To"));

    List<TwilioRequest> batch = call.next(TwimlAnswer.parse("<Response><Dial action=\"" + BASE
        + "/twilio/retrieve_twiml/dial_action?direction=outgoing\" callerId=\"+815031239999\" timeout=\"60\">"
        + "<Number statusCallback=\"" + BASE + "/twilio/callbacks/leg-status?direction=outgoing\" statusCallbackEvent="
        + "\"initiated ringing answered completed\">" + CALLER + "</Number></Dial></Response>"));

    assertEquals(List.of("outgoing call: a caller ID other than the directory's"), call.wrongAnswers());
    assertTrue(batch.stream().filter(request -> request.kind() == Kind.LEG_STATUS)
        .allMatch(leg -> leg.parameters().parameters().get("From").equals("+815031239999")), "shown as the TwiML says");
    call.next(TwimlAnswer.parse("<Response><Hangup/></Response>"));
    ExpectedCall expected = call.expectation();
    assertEquals("outgoing", expected.direction());
    assertEquals(Set.of("laptop"), expected.clients());
    assertEquals(NUMBER, expected.from());
    assertEquals(CALLER, expected.answeredBy());
  }

  @Test
  void aServerThatHangsUpWhereTheDirectorySaysRingIsAWrongAnswer() {
    SimulatedCall call = call(CallMix.DEFAULT, 3);
    call.start();

    call.next(TwimlAnswer.parse("<Response><Hangup/></Response>"));

    assertEquals(List.of("incoming call: expected the ring of the directory's clients, got <Hangup>"),
        call.wrongAnswers());
  }
}
