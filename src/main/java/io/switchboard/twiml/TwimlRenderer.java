package io.switchboard.twiml;

import io.switchboard.directory.Fallback.RecordedGreeting;
import io.switchboard.directory.Fallback.SpokenGreeting;
import io.switchboard.twiml.CallPlan.DialClients;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.Refuse;
import io.switchboard.twiml.CallPlan.Stage;
import io.switchboard.twiml.CallPlan.TakeMessage;
import io.switchboard.twiml.CallPlan.ThankAndHangUp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
  /** A message left ({@code completed}), and a recording with no sound in it ({@code absent}). */
  private static final String RECORDING_EVENTS = "completed absent";

  private final CallbackUrls callbacks;
  private final boolean recordCalls;
  /**
   * Each callback URL escaped for an attribute, by the URL: {@link CallbackUrls} gives the same few URLs (one per
   * number, client and step) again and again, and escaping a hundred characters was most of an answer's cost.
   */
  private final Map<String, String> escapedUrls = new ConcurrentHashMap<>();

  /**
   * @param callbacks   where the TwiML asks Twilio to report a call's life and what comes next
   * @param recordCalls whether every {@code <Dial>} asks for its outcome and its legs' status callbacks
   *                    ({@code calls.record}); when false, a dial that ends the call whatever its outcome is written
   *                    as before call records existed, and only a dial whose entry's flow goes on has an action
   */
  TwimlRenderer(CallbackUrls callbacks, boolean recordCalls) {
    this.callbacks = callbacks;
    this.recordCalls = recordCalls;
  }

  String render(CallPlan plan) {
    StringBuilder xml = new StringBuilder(192).append(PROLOGUE);
    if (plan instanceof DialClients dial) {
      dial(xml, dial.callerId(), dial.timeoutSeconds(), dial.side(), dial.stage(), true);
      for (String client : dial.clients()) {
        noun(xml, "Client", client, dial.side().ofLeg(client));
      }
      xml.append("</Dial>");
    } else if (plan instanceof DialNumber dial) {
      dial(xml, dial.callerId(), dial.timeoutSeconds(), dial.side(), dial.stage(), false);
      noun(xml, "Number", dial.phoneNumber(), dial.side());
      xml.append("</Dial>");
    } else if (plan instanceof TakeMessage message) {
      takeMessage(xml, message);
    } else if (plan instanceof ThankAndHangUp thanks) {
      say(xml, thanks.language(), ThankAndHangUp.THANKS);
      xml.append("<Hangup/>");
    } else if (plan instanceof HangUp) {
      xml.append("<Hangup/>");
    } else if (plan instanceof Refuse refuse) {
      // Said once, then the call ends: the walkthrough's loop="0" repeated the error until the caller hung up.
      say(xml, "en-US", refuse.spokenReason());
      xml.append("<Hangup/>");
    }
    return xml.append(EPILOGUE).toString();
  }

  /**
   * The opening {@code <Dial>}, its attributes in the SDK's (alphabetical) order. The callback methods are left to
   * Twilio's default, POST, which the callback routes take. {@code answerOnBridge} keeps the caller hearing the
   * ringing until a browser answers, on every dial to clients that is not written as before call records.
   */
  private void dial(StringBuilder xml, String callerId, int timeoutSeconds, OurSide side, Optional<Stage> stage,
                    boolean toClients) {
    boolean hasAction = recordCalls || stage.isPresent();
    xml.append("<Dial");
    if (hasAction) {
      urlAttribute(xml, "action", callbacks.dialAction(side, stage));
      if (toClients) {
        xml.append(" answerOnBridge=\"true\"");
      }
    }
    if (callerId != null) {
      attribute(xml, "callerId", callerId);
    }
    xml.append(" timeout=\"").append(timeoutSeconds).append("\">");
  }

  private void noun(StringBuilder xml, String noun, String target, OurSide side) {
    xml.append('<').append(noun);
    if (recordCalls) {
      urlAttribute(xml, "statusCallback", callbacks.legStatus(side));
      attribute(xml, "statusCallbackEvent", LEG_EVENTS);
    }
    xml.append('>');
    escape(xml, target, false);
    xml.append("</").append(noun).append('>');
  }

  /**
   * The greeting, then {@code <Record>} (attributes in the SDK's order), then the end of the call: Twilio goes on to
   * the next verb, without the action, when the caller left no sound at all.
   */
  private void takeMessage(StringBuilder xml, TakeMessage message) {
    if (message.voicemail().greeting() instanceof SpokenGreeting spoken) {
      say(xml, message.voicemail().language(), spoken.text());
    } else if (message.voicemail().greeting() instanceof RecordedGreeting recorded) {
      xml.append("<Play>");
      escape(xml, recorded.url(), false);
      xml.append("</Play>");
    }
    xml.append("<Record");
    urlAttribute(xml, "action", callbacks.recordAction(message.twilioNumber()));
    xml.append(" finishOnKey=\"#\" maxLength=\"").append(message.voicemail().maxLengthSeconds())
        .append("\" playBeep=\"true\"");
    urlAttribute(xml, "recordingStatusCallback", callbacks.recordingStatus(message.twilioNumber()));
    xml.append(" recordingStatusCallbackEvent=\"").append(RECORDING_EVENTS).append("\"/><Hangup/>");
  }

  private static void say(StringBuilder xml, String language, String text) {
    xml.append("<Say");
    attribute(xml, "language", language);
    xml.append('>');
    escape(xml, text, false);
    xml.append("</Say>");
  }

  private void urlAttribute(StringBuilder xml, String name, String url) {
    xml.append(' ').append(name).append("=\"").append(escapedUrls.computeIfAbsent(url, unescaped -> {
      StringBuilder escaped = new StringBuilder(unescaped.length() + 16);
      escape(escaped, unescaped, true);
      return escaped.toString();
    })).append('"');
  }

  private static void attribute(StringBuilder xml, String name, String value) {
    xml.append(' ').append(name).append("=\"");
    escape(xml, value, true);
    xml.append('"');
  }

  /** Writes {@code value} escaped; the characters that need nothing are copied a run at a time. */
  private static void escape(StringBuilder xml, String value, boolean inAttribute) {
    int unwritten = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < Character.MIN_SURROGATE && c != '&' && c != '<' && c != '>' && c != '"') {
        continue;
      }
      xml.append(value, unwritten, i);
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
      unwritten = i + 1;
    }
    xml.append(value, unwritten, value.length());
  }

  /** XML 1.0's Char production, for one UTF-16 unit that is not part of a surrogate pair. */
  private static boolean isXmlCharacter(char c) {
    return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
  }
}
