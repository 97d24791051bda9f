package io.switchboard.twiml;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Say;
import io.switchboard.directory.Fallback.RecordedGreeting;
import io.switchboard.directory.Fallback.SpokenGreeting;
import io.switchboard.directory.Fallback.Voicemail;
import io.switchboard.support.TestConfig;
import io.switchboard.twilio.RetryOverrides;
import io.switchboard.twiml.CallPlan.DialClients;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.switchboard.twiml.CallPlan.Stage;
import io.switchboard.twiml.CallPlan.TakeMessage;
import io.switchboard.twiml.CallPlan.ThankAndHangUp;
import io.switchboard.twiml.OurSide.Direction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.switchboard.support.TestConfig.RETRY_FRAGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our TwiML writer against the Twilio SDK's builders, which it replaces for speed: the same text for what the
 * server really answers, with and without the callbacks of call records, the same document for any value at all,
 * and well-formed XML even where the SDK is not.
 */
class TwimlRendererProperties {

  private static final int TIMEOUT = 60;
  private static final String BASE_URL = "https://voice.example.com";
  private static final CallbackUrls CALLBACKS = new CallbackUrls(BASE_URL, RetryOverrides.fragment(3));
  private static final OurSide INCOMING = new OurSide(Direction.INCOMING, "+815031234567", "DeviceId_0001");
  private static final OurSide OUTGOING = new OurSide(Direction.OUTGOING, "+815031234567", "DeviceId_0001");

  private static final OurSide GROUP = OurSide.incoming("+815031234567");

  /** Writes TwiML as before call records: no callbacks but the Dial action of an entry's flow. */
  private final TwimlRenderer renderer = new TwimlRenderer(CALLBACKS, false);
  /** Writes TwiML that asks Twilio for the call's life (calls.record, the default). */
  private final TwimlRenderer recording = new TwimlRenderer(CALLBACKS, true);

  @Example
  void writesWhatTheSdkWritesForEachKindOfAnswer() {
    Refuse refuse = new Refuse(RefusalReason.UNKNOWN_NUMBER,
        "An error occurred. Your Twilio phone number +815031234568 is invalid.");
    for (CallPlan plan : new CallPlan[] {dialClient("DeviceId_0001", null, INCOMING),
        dialClient("DeviceId_0002", "+815031234567", OUTGOING),
        new DialNumber("+819059876543", "+815031234567", TIMEOUT, OUTGOING, Optional.empty()), refuse,
        new HangUp(),
        new DialClients(List.of("alice-laptop", "alice-phone"), null, 20, GROUP, Optional.of(Stage.ring(1))),
        new DialClients(List.of("bob"), null, 15, new OurSide(Direction.INCOMING, "+815031234567", "bob"),
            Optional.of(Stage.ring(2))),
        new DialNumber("+819012345678", "+819059876543", 30, GROUP, Optional.of(Stage.FORWARD)),
        new TakeMessage(new Voicemail(new SpokenGreeting("Please leave a message."), "en-GB", 120), "+815031234567"),
        new TakeMessage(new Voicemail(new RecordedGreeting("https://example.com/greeting.mp3?v=1&x=2"), "ja-JP", 30),
            "+815031234567"),
        new ThankAndHangUp("ja-JP")}) {
      assertEquals(sdk(plan, false), renderer.render(plan), () -> "for " + plan);
      assertEquals(sdk(plan, true), recording.render(plan), () -> "with callbacks, for " + plan);
    }
  }

  @Example
  void theDialActionCarriesTheStageAndTheVoicemailNamesTheNumber() {
    assertEquals(BASE_URL + "/twilio/retrieve_twiml/dial_action?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001&stage=ring&step=2" + RETRY_FRAGMENT,
        CALLBACKS.dialAction(INCOMING, Optional.of(Stage.ring(2))));
    assertEquals(BASE_URL + "/twilio/retrieve_twiml/dial_action?direction=incoming&number=%2B815031234567"
        + "&stage=forward" + RETRY_FRAGMENT, CALLBACKS.dialAction(GROUP, Optional.of(Stage.FORWARD)));
    assertEquals(BASE_URL + "/twilio/retrieve_twiml/record_action?direction=incoming&number=%2B815031234567"
        + RETRY_FRAGMENT,
        CALLBACKS.recordAction("+815031234567"));
    assertEquals(BASE_URL + "/twilio/callbacks/recording-status?direction=incoming&number=%2B815031234567"
        + RETRY_FRAGMENT,
        CALLBACKS.recordingStatus("+815031234567"));
  }

  @Example
  void withNoRetriesTheCallbackUrlsHaveNoFragment() {
    CallbackUrls plain = new CallbackUrls(BASE_URL, RetryOverrides.fragment(0));
    assertEquals(BASE_URL + "/twilio/callbacks/leg-status?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001", plain.legStatus(INCOMING));
    assertEquals(BASE_URL + "/twilio/retrieve_twiml/dial_action?direction=incoming&number=%2B815031234567"
        + "&stage=forward", plain.dialAction(GROUP, Optional.of(Stage.FORWARD)));
  }

  @Example
  void writesWhatTheSdkWritesForEveryRefusal() {
    for (RefusalReason reason : RefusalReason.values()) {
      Refuse refuse = new Refuse(reason);
      assertEquals(sdk(refuse, false), renderer.render(refuse), () -> "for " + reason);
    }
  }

  @Example
  void callbackUrlsNameOurSideOfTheCallPercentEncoded() {
    assertEquals(BASE_URL + "/twilio/retrieve_twiml/dial_action?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001" + RETRY_FRAGMENT, CALLBACKS.dialAction(INCOMING, Optional.empty()));
    assertEquals(BASE_URL + "/twilio/callbacks/leg-status?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001" + RETRY_FRAGMENT, CALLBACKS.legStatus(INCOMING));
  }

  @Property(tries = 500)
  void anyValueMakesTheSameDocumentAsTheSdk(@ForAll("xmlText") String value, @ForAll("xmlText") String callerId) {
    OurSide side = new OurSide(Direction.OUTGOING, callerId, value);
    OurSide incoming = OurSide.incoming(callerId);
    for (CallPlan plan : new CallPlan[] {dialClient(value, callerId, side),
        new DialNumber(value, null, TIMEOUT, side, Optional.empty()),
        new DialClients(List.of(value, callerId), null, TIMEOUT, incoming, Optional.of(Stage.ring(1))),
        new DialNumber(value, callerId, TIMEOUT, incoming, Optional.of(Stage.FORWARD)),
        new TakeMessage(new Voicemail(new SpokenGreeting(value), "fr-FR", 60), callerId),
        // The SDK takes a greeting URL as a URI: any text in its query, where the configuration allows one.
        new TakeMessage(new Voicemail(new RecordedGreeting("https://example.com/greeting.mp3?name="
            + CallbackUrls.encode(value) + "&lang=fr"), "fr-FR", 60), callerId),
        new Refuse(RefusalReason.INVALID_DESTINATION, value)}) {
      assertEquals(canonical(sdk(plan, false)), canonical(renderer.render(plan)), () -> "for " + plan);
      assertEquals(canonical(sdk(plan, true)), canonical(recording.render(plan)),
          () -> "with callbacks, for " + plan);
    }
  }

  /** Any value comes back as it was from its URL, whose query holds nothing but unreserved characters and escapes. */
  @Property(tries = 300)
  void callbackQueryValuesDecodeToWhatTheyWere(@ForAll("xmlText") String value) {
    String encoded = CallbackUrls.encode(value);
    assertTrue(encoded.matches("([A-Za-z0-9._~-]|%[0-9A-F]{2})*"), encoded);
    assertEquals(value, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
  }

  /** Where the SDK writes {@code &#1;} (not XML 1.0) or throws on a lone surrogate, we write U+FFFD instead. */
  @Property(tries = 300)
  void charactersXmlCannotCarryBecomeReplacementCharacters(@ForAll("anyText") String value) {
    Element dial = (Element) parse(renderer.render(new DialNumber(value, value, TIMEOUT, OUTGOING, Optional.empty())))
        .getDocumentElement()
        .getFirstChild();
    String expected = xmlCarriable(value);
    assertEquals(expected, dial.getAttribute("callerId"));
    assertEquals(expected, dial.getElementsByTagName("Number").item(0).getTextContent());
  }

  private static String xmlCarriable(String value) {
    StringBuilder out = new StringBuilder();
    value.codePoints().forEach(c -> out.appendCodePoint(
        c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c > 0xFFFF
            ? c : 0xFFFD));
    return out.toString();
  }

  /** Text the SDK can serialise: XML 1.0 characters, with the ones that need escaping well represented. */
  @Provide
  Arbitrary<String> xmlText() {
    Arbitrary<Character> special = Arbitraries.of('&', '<', '>', '"', '\'', '\t', '\n', '\r', ']', ';', '#', 'é', '日');
    Arbitrary<Character> plain = Arbitraries.chars().range(' ', '\uD7FF');
    return Arbitraries.frequencyOf(Tuple.of(1, special), Tuple.of(2, plain))
        .list().ofMaxSize(40)
        .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().all().ofMaxLength(40);
  }

  private static DialClients dialClient(String client, String callerId, OurSide side) {
    return new DialClients(List.of(client), callerId, TIMEOUT, side, Optional.empty());
  }

  /**
   * The plan written with the SDK's builders.
   *
   * @param recordCalls whether the dials ask for their outcome and their legs' status callbacks
   */
  private static String sdk(CallPlan plan, boolean recordCalls) {
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (plan instanceof DialClients dial) {
      Dial.Builder builder = dial(dial.callerId(), dial.timeoutSeconds(), dial.side(), dial.stage(), recordCalls);
      if (recordCalls || dial.stage().isPresent()) {
        builder.answerOnBridge(true);
      }
      for (String name : dial.clients()) {
        Client.Builder client = new Client.Builder(name);
        if (recordCalls) {
          client.statusCallback(CALLBACKS.legStatus(dial.side().ofLeg(name))).statusCallbackEvents(List.of(
              Client.Event.INITIATED, Client.Event.RINGING, Client.Event.ANSWERED, Client.Event.COMPLETED));
        }
        builder.client(client.build());
      }
      response.dial(builder.build());
    } else if (plan instanceof DialNumber dial) {
      Number.Builder number = new Number.Builder(dial.phoneNumber());
      if (recordCalls) {
        number.statusCallback(CALLBACKS.legStatus(dial.side())).statusCallbackEvents(List.of(
            Number.Event.INITIATED, Number.Event.RINGING, Number.Event.ANSWERED, Number.Event.COMPLETED));
      }
      response.dial(dial(dial.callerId(), dial.timeoutSeconds(), dial.side(), dial.stage(), recordCalls)
          .number(number.build()).build());
    } else if (plan instanceof TakeMessage message) {
      if (message.voicemail().greeting() instanceof SpokenGreeting spoken) {
        response.say(new Say.Builder(spoken.text()).language(language(message.voicemail().language()))
            .build());
      } else if (message.voicemail().greeting() instanceof RecordedGreeting recorded) {
        response.play(new Play.Builder(recorded.url()).build());
      }
      response.record(new Record.Builder()
          .action(CALLBACKS.recordAction(message.twilioNumber()))
          .recordingStatusCallback(CALLBACKS.recordingStatus(message.twilioNumber()))
          .recordingStatusCallbackEvents(List.of(Record.RecordingEvent.COMPLETED, Record.RecordingEvent.ABSENT))
          .playBeep(true).maxLength(message.voicemail().maxLengthSeconds()).finishOnKey("#").build())
          .hangup(new Hangup.Builder().build());
    } else if (plan instanceof ThankAndHangUp thanks) {
      response.say(new Say.Builder("Thank you. Goodbye.").language(language(thanks.language())).build())
          .hangup(new Hangup.Builder().build());
    } else if (plan instanceof Refuse refuse) {
      response.say(new Say.Builder(refuse.spokenReason()).language(Say.Language.EN_US).build())
          .hangup(new Hangup.Builder().build());
    } else if (plan instanceof HangUp) {
      response.hangup(new Hangup.Builder().build());
    }
    return response.build().toXml();
  }

  private static Say.Language language(String tag) {
    return Arrays.stream(Say.Language.values()).filter(language -> language.toString().equals(tag)).findFirst()
        .orElseThrow();
  }

  private static Dial.Builder dial(String callerId, int timeoutSeconds, OurSide side, Optional<Stage> stage,
                                   boolean recordCalls) {
    Dial.Builder dial = new Dial.Builder().timeout(timeoutSeconds);
    if (recordCalls || stage.isPresent()) {
      dial.action(CALLBACKS.dialAction(side, stage));
    }
    return callerId == null ? dial : dial.callerId(callerId);
  }

  /** Elements, attributes and text as a parser reads them, whatever the escaping chosen. */
  private static String canonical(String xml) {
    StringBuilder out = new StringBuilder();
    canonical(parse(xml).getDocumentElement(), out);
    return out.toString();
  }

  private static void canonical(Node node, StringBuilder out) {
    if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
      out.append("text[").append(node.getNodeValue()).append(']');
      return;
    }
    out.append('<').append(node.getNodeName());
    NamedNodeMap attributes = node.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      out.append(' ').append(attributes.item(i).getNodeName()).append("=[")
          .append(attributes.item(i).getNodeValue()).append(']');
    }
    out.append('>');
    for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      canonical(child, out);
    }
    out.append("</>");
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setCoalescing(true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + xml, e);
    }
  }
}
