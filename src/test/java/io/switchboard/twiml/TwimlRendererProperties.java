package io.switchboard.twiml;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Say;
import io.switchboard.twiml.CallPlan.DialClient;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
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
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
  private static final CallbackUrls CALLBACKS = new CallbackUrls(BASE_URL);
  private static final OurSide INCOMING = new OurSide(Direction.INCOMING, "+815031234567", "DeviceId_0001");
  private static final OurSide OUTGOING = new OurSide(Direction.OUTGOING, "+815031234567", "DeviceId_0001");

  /** Writes TwiML as before call records: no callbacks. */
  private final TwimlRenderer renderer = new TwimlRenderer(TIMEOUT, Optional.empty());
  /** Writes TwiML that asks Twilio for the call's life (calls.record, the default). */
  private final TwimlRenderer recording = new TwimlRenderer(TIMEOUT, Optional.of(CALLBACKS));

  @Example
  void writesWhatTheSdkWritesForEachKindOfAnswer() {
    Refuse refuse = new Refuse(RefusalReason.UNKNOWN_NUMBER,
        "An error occurred. Your Twilio phone number +815031234568 is invalid.");
    for (CallPlan plan : new CallPlan[] {new DialClient("DeviceId_0001", null, INCOMING),
        new DialClient("DeviceId_0002", "+815031234567", OUTGOING),
        new DialNumber("+819059876543", "+815031234567", OUTGOING), refuse, new HangUp()}) {
      assertEquals(sdk(plan, null), renderer.render(plan), () -> "for " + plan);
      assertEquals(sdk(plan, CALLBACKS), recording.render(plan), () -> "with callbacks, for " + plan);
    }
  }

  @Example
  void writesWhatTheSdkWritesForEveryRefusal() {
    for (RefusalReason reason : RefusalReason.values()) {
      Refuse refuse = new Refuse(reason);
      assertEquals(sdk(refuse, null), renderer.render(refuse), () -> "for " + reason);
    }
  }

  @Example
  void callbackUrlsNameOurSideOfTheCallPercentEncoded() {
    CallbackUrls.ForSide urls = CALLBACKS.of(INCOMING);
    assertEquals(BASE_URL + "/twilio/retrieve_twiml/dial_action?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001", urls.dialAction());
    assertEquals(BASE_URL + "/twilio/callbacks/leg-status?direction=incoming&number=%2B815031234567"
        + "&client=DeviceId_0001", urls.legStatus());
  }

  @Property(tries = 500)
  void anyValueMakesTheSameDocumentAsTheSdk(@ForAll("xmlText") String value, @ForAll("xmlText") String callerId) {
    OurSide side = new OurSide(Direction.OUTGOING, callerId, value);
    for (CallPlan plan : new CallPlan[] {new DialClient(value, callerId, side), new DialNumber(value, null, side),
        new Refuse(RefusalReason.INVALID_DESTINATION, value)}) {
      assertEquals(canonical(sdk(plan, null)), canonical(renderer.render(plan)), () -> "for " + plan);
      assertEquals(canonical(sdk(plan, CALLBACKS)), canonical(recording.render(plan)),
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
    Element dial = (Element) parse(renderer.render(new DialNumber(value, value, OUTGOING))).getDocumentElement()
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

  /** @param callbacks the URLs to ask for, null for none */
  private static String sdk(CallPlan plan, CallbackUrls callbacks) {
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (plan instanceof DialClient dial) {
      Client.Builder client = new Client.Builder(dial.clientName());
      if (callbacks != null) {
        client.statusCallback(callbacks.of(dial.side()).legStatus()).statusCallbackEvents(List.of(
            Client.Event.INITIATED, Client.Event.RINGING, Client.Event.ANSWERED, Client.Event.COMPLETED));
      }
      response.dial(dial(dial.callerId(), callbacks, dial.side()).client(client.build()).build());
    } else if (plan instanceof DialNumber dial) {
      Number.Builder number = new Number.Builder(dial.phoneNumber());
      if (callbacks != null) {
        number.statusCallback(callbacks.of(dial.side()).legStatus()).statusCallbackEvents(List.of(
            Number.Event.INITIATED, Number.Event.RINGING, Number.Event.ANSWERED, Number.Event.COMPLETED));
      }
      response.dial(dial(dial.callerId(), callbacks, dial.side()).number(number.build()).build());
    } else if (plan instanceof Refuse refuse) {
      response.say(new Say.Builder(refuse.spokenReason()).language(Say.Language.EN_US).build())
          .hangup(new Hangup.Builder().build());
    } else if (plan instanceof HangUp) {
      response.hangup(new Hangup.Builder().build());
    }
    return response.build().toXml();
  }

  private static Dial.Builder dial(String callerId, CallbackUrls callbacks, OurSide side) {
    Dial.Builder dial = new Dial.Builder().timeout(TIMEOUT);
    if (callbacks != null) {
      dial.action(callbacks.of(side).dialAction());
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
