package io.switchboard.support;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** A TwiML answer parsed as XML, with the few questions the tests ask of it. */
public final class Twiml {

  private final Element response;

  private Twiml(Element response) {
    this.response = response;
  }

  /** @throws AssertionError when the text is not well-formed XML with a {@code <Response>} root */
  public static Twiml parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
      Element root = document.getDocumentElement();
      if (!"Response".equals(root.getTagName())) {
        throw new AssertionError("TwiML root is <" + root.getTagName() + ">, not <Response>");
      }
      return new Twiml(root);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("not well-formed TwiML: " + e.getMessage() + "\n" + xml, e);
    }
  }

  /** The names of the verbs directly under {@code <Response>}, in order. */
  public List<String> verbs() {
    return children(response).stream().map(Element::getTagName).toList();
  }

  public Element only(String verb) {
    List<Element> matches = children(response).stream().filter(e -> e.getTagName().equals(verb)).toList();
    if (matches.size() != 1) {
      throw new AssertionError("expected one <" + verb + ">, found " + matches.size() + " in " + verbs());
    }
    return matches.get(0);
  }

  /** The nouns inside the only {@code <Dial>}, as "Tag:text". */
  public List<String> dialed() {
    return children(only("Dial")).stream().map(e -> e.getTagName() + ":" + e.getTextContent()).toList();
  }

  public static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        elements.add(element);
      }
    }
    return elements;
  }
}
