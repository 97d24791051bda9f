package io.switchboard.twiml;

import io.switchboard.twiml.CallPlan.DialClient;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.Refuse;

import java.util.Optional;

/**
 * Writes a {@link CallPlan} as TwiML, escaping every value. It writes the same document as the Twilio SDK's
 * builders (a test holds it to them), but straight into a string: the builders go through a DOM and an XSLT
 * transformer on every answer (their cost is measured in docs/benchmarks.md).
 */
final class TwimlRenderer {

  private static final String PROLOGUE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>";
  private static final String EPILOGUE = "</Response>";
  /** What XML 1.0 cannot carry at all (most control characters, lone surrogates) is written as this. */
  private static final char REPLACEMENT = '\uFFFD';

  /** The leg events whose status callbacks a call record is made of. */
  private static final String LEG_EVENTS = "initiated ringing answered completed";

  private final int dialTimeoutSeconds;
  /** Null when calls are not recorded: the TwiML asks for no callbacks, as before call records existed. */
  private final CallbackUrls callbacks;

  /** @param callbacks where a {@code <Dial>} asks Twilio to report the call's life; empty to ask for nothing */
  TwimlRenderer(int dialTimeoutSeconds, Optional<CallbackUrls> callbacks) {
    this.dialTimeoutSeconds = dialTimeoutSeconds;
    this.callbacks = callbacks.orElse(null);
  }

  String render(CallPlan plan) {
    StringBuilder xml = new StringBuilder(192).append(PROLOGUE);
    if (plan instanceof DialClient dial) {
      dial(xml, dial.callerId(), "Client", dial.clientName(), dial.side());
    } else if (plan instanceof DialNumber dial) {
      dial(xml, dial.callerId(), "Number", dial.phoneNumber(), dial.side());
    } else if (plan instanceof HangUp) {
      xml.append("<Hangup/>");
    } else if (plan instanceof Refuse refuse) {
      // Said once, then the call ends: the walkthrough's loop="0" repeated the error until the caller hung up.
      xml.append("<Say language=\"en-US\">");
      escape(xml, refuse.spokenReason(), false);
      xml.append("</Say><Hangup/>");
    }
    return xml.append(EPILOGUE).toString();
  }

  /**
   * Attributes in the SDK's (alphabetical) order. The callback methods are left to Twilio's default, POST, which
   * the callback routes take.
   */
  private void dial(StringBuilder xml, String callerId, String noun, String target, OurSide side) {
    CallbackUrls.ForSide urls = callbacks == null ? null : callbacks.of(side);
    xml.append("<Dial");
    if (urls != null) {
      attribute(xml, "action", urls.dialAction());
    }
    if (callerId != null) {
      attribute(xml, "callerId", callerId);
    }
    xml.append(" timeout=\"").append(dialTimeoutSeconds).append("\"><").append(noun);
    if (urls != null) {
      attribute(xml, "statusCallback", urls.legStatus());
      attribute(xml, "statusCallbackEvent", LEG_EVENTS);
    }
    xml.append('>');
    escape(xml, target, false);
    xml.append("</").append(noun).append("></Dial>");
  }

  private static void attribute(StringBuilder xml, String name, String value) {
    xml.append(' ').append(name).append("=\"");
    escape(xml, value, true);
    xml.append('"');
  }

  private static void escape(StringBuilder xml, String value, boolean inAttribute) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> xml.append("&amp;");
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '"' -> xml.append(inAttribute ? "&quot;" : "\"");
        // In an attribute, a literal tab or line break would be read back as a space.
        case '\t' -> xml.append(inAttribute ? "&#9;" : "\t");
        case '\n' -> xml.append(inAttribute ? "&#10;" : "\n");
        case '\r' -> xml.append("&#13;"); // a parser would read a literal one back as a line feed
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            xml.append(c).append(value.charAt(++i));
          } else {
            xml.append(isXmlCharacter(c) ? c : REPLACEMENT);
          }
        }
      }
    }
  }

  /** XML 1.0's Char production, for one UTF-16 unit that is not part of a surrogate pair. */
  private static boolean isXmlCharacter(char c) {
    return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
  }
}
