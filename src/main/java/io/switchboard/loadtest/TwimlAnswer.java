package io.switchboard.loadtest;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verbs of a TwiML answer, read as Twilio reads them: parsed as XML, attributes unescaped. Only what the
 * simulator follows is kept; any other verb is kept by name, so that a check can say what came instead.
 */
record TwimlAnswer(List<Verb> verbs) {

  sealed interface Verb permits Dial, Record, Say, Hangup, Other {
    String name();
  }

  /** A {@code <Dial>}: its {@code action} empty when it has none, its nouns in order. */
  record Dial(String action, int timeoutSeconds, String callerId, List<Noun> nouns) implements Verb {
    @Override
    public String name() {
      return "Dial";
    }
  }

  /**
   * A {@code <Client>} or {@code <Number>} of a dial.
   *
   * @param statusCallback empty when the leg's life is not asked for
   * @param events         its {@code statusCallbackEvent}, as written
   */
  record Noun(boolean client, String target, String statusCallback, String events) {
  }

  record Record(String action, String recordingStatusCallback, int maxLengthSeconds) implements Verb {
    @Override
    public String name() {
      return "Record";
    }
  }

  record Say(String text) implements Verb {
    @Override
    public String name() {
      return "Say";
    }
  }

  record Hangup() implements Verb {
    @Override
    public String name() {
      return "Hangup";
    }
  }

  record Other(String name) implements Verb {
  }

  private static final ThreadLocal<DocumentBuilder> PARSERS = ThreadLocal.withInitial(TwimlAnswer::parser);

  /** @throws IllegalArgumentException when the text is not a TwiML document */
  static TwimlAnswer parse(String xml) {
    Element root;
    try {
      DocumentBuilder parser = PARSERS.get();
      parser.reset();
      root = parser.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (SAXException | IOException e) {
      throw new IllegalArgumentException("not XML");
    }
    if (!root.getTagName().equals("Response")) {
      throw new IllegalArgumentException("not a <Response>");
    }
    List<Verb> verbs = new ArrayList<>();
    for (Element verb : children(root)) {
      verbs.add(switch (verb.getTagName()) {
        case "Dial" -> new Dial(verb.getAttribute("action"), whole(verb.getAttribute("timeout"), 30),
            verb.getAttribute("callerId"), children(verb).stream()
                .map(noun -> new Noun(noun.getTagName().equals("Client"), noun.getTextContent().strip(),
                    noun.getAttribute("statusCallback"), noun.getAttribute("statusCallbackEvent")))
                .toList());
        case "Record" -> new Record(verb.getAttribute("action"), verb.getAttribute("recordingStatusCallback"),
            whole(verb.getAttribute("maxLength"), 3600));
        case "Say" -> new Say(verb.getTextContent());
        case "Hangup" -> new Hangup();
        default -> new Other(verb.getTagName());
      });
    }
    return new TwimlAnswer(List.copyOf(verbs));
  }

  /** The first verb of its kind. */
  <V extends Verb> Optional<V> first(Class<V> kind) {
    return verbs.stream().filter(kind::isInstance).map(kind::cast).findFirst();
  }

  /** The verbs' names, as a check writes them: {@code <Say><Hangup>}. */
  String outline() {
    StringBuilder outline = new StringBuilder();
    verbs.forEach(verb -> outline.append('<').append(verb.name()).append('>'));
    return outline.isEmpty() ? "an empty <Response>" : outline.toString();
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        children.add(element);
      }
    }
    return children;
  }

  private static int whole(String text, int otherwise) {
    return text.matches("[0-9]{1,6}") ? Integer.parseInt(text) : otherwise;
  }

  /** No DTD, no external entity: the server's answer is read as data, whatever it holds. */
  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Fails on an error, without the default handler's line on the console.
      builder.setErrorHandler(new DefaultHandler());
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("this Java runtime's XML parser cannot be made safe", e);
    }
  }
}
