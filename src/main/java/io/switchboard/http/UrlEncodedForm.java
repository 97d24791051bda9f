package io.switchboard.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body straight into its parameters, sorted by name as
 * Twilio's signature wants them, and refuses what is not a well-formed webhook form: a bad escape, UTF-8 that does
 * not decode, an empty or repeated name, too many parameters. Netty's query-string decoder, used before, kept a list
 * per name and silently dropped parameters past its limit; a webhook needs neither.
 */
final class UrlEncodedForm {

  /** Twilio sends about thirty; a body of thousands is no webhook, and costs a map entry each. */
  static final int MAX_PARAMETERS = 256;

  private UrlEncodedForm() {
  }

  /** What makes a body no webhook form; the message is safe to send back: it names no value. */
  static final class MalformedForm extends Exception {
    MalformedForm(String message) {
      super(message, null, false, false);
    }
  }

  /** @return the parameters by name, in {@link String} order, unmodifiable */
  static SortedMap<String, String> decode(byte[] body) throws MalformedForm {
    TreeMap<String, String> parameters = new TreeMap<>();
    byte[] scratch = null;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        if (parameters.size() == MAX_PARAMETERS) {
          throw new MalformedForm("more than " + MAX_PARAMETERS + " parameters");
        }
        int equals = indexOf(body, (byte) '=', start, end);
        if (scratch == null) {
          scratch = new byte[body.length];
        }
        String name = component(body, start, equals, scratch);
        if (name.isEmpty()) {
          throw new MalformedForm("a parameter has no name");
        }
        String value = equals == end ? "" : component(body, equals + 1, end, scratch);
        if (parameters.putIfAbsent(name, value) != null) {
          throw new MalformedForm("parameter repeated: " + printable(name));
        }
      }
      start = end + 1;
    }
    return Collections.unmodifiableSortedMap(parameters);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return to;
  }

  /** One name or value: {@code +} is a space, {@code %XX} a byte, and the bytes are UTF-8. */
  private static String component(byte[] body, int from, int to, byte[] scratch) throws MalformedForm {
    int length = 0;
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '%') {
        if (i + 2 >= to) {
          throw new MalformedForm("the form is not valid urlencoding");
        }
        int high = Character.digit(body[i + 1], 16);
        int low = Character.digit(body[i + 2], 16);
        if (high < 0 || low < 0) {
          throw new MalformedForm("the form is not valid urlencoding");
        }
        b = (byte) (high << 4 | low);
        i += 2;
      } else if (b == '+') {
        b = ' ';
      }
      ascii &= b >= 0;
      scratch[length++] = b;
    }
    if (ascii) {
      return new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(scratch, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedForm("the form is not valid UTF-8");
    }
  }

  /** A name as it may appear in an error message: letters, digits and underscores, the rest as {@code ?}. */
  private static String printable(String name) {
    String printable = name.replaceAll("[^A-Za-z0-9_]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
