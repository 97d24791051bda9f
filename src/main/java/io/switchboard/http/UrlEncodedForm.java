package io.switchboard.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded in one pass into its parameters, sorted by name as
 * Twilio's signature wants them; a body that is not a well-formed webhook form is refused: a bad escape, UTF-8 that
 * does not decode, an empty or repeated name, too many parameters.
 *
 * <p>The decoded bytes stay in one array, in place of the body's: the signature is computed over them as they are,
 * and a value becomes a {@link String} only when the call logic asks for it, which it does for three or four of
 * Twilio's thirty: a string and a tree entry per parameter would be garbage on every webhook. Unmodifiable;
 * it never changes once decoded, so the event bus may hand it to another event loop as it is.
 */
final class UrlEncodedForm extends AbstractMap<String, String> {

  /** Twilio sends about thirty; a body of thousands is no webhook. */
  static final int MAX_PARAMETERS = 256;
  /** Twilio's full set, with room: the bounds array grows past it only for an unusual body. */
  private static final int TYPICAL_PARAMETERS = 32;

  private static final int NAME_START = 0;
  /** Where the name ends is where its value starts: each is decoded right after the other. */
  private static final int NAME_END = 1;
  private static final int VALUE_END = 2;
  private static final int BOUNDS = 3;

  /** The decoded names and values, UTF-8, where the encoded body was. */
  private final byte[] bytes;
  /** Each parameter's bounds in {@link #bytes}, {@link #BOUNDS} ints a parameter, sorted by name. */
  private final int[] bounds;
  private final int size;
  /** Where the last decoded byte ends: names and values lie one after the other from the array's start. */
  private final int decodedLength;

  private UrlEncodedForm(byte[] bytes, int[] bounds, int size, int decodedLength) {
    this.bytes = bytes;
    this.bounds = bounds;
    this.size = size;
    this.decodedLength = decodedLength;
  }

  /** What makes a body no webhook form; the message is safe to send back: it names no value. */
  static final class MalformedForm extends Exception {
    MalformedForm(String message) {
      super(message, null, false, false);
    }
  }

  /** @param body the encoded body; decoded in place, so the caller must not use it afterwards */
  static UrlEncodedForm decode(byte[] body) throws MalformedForm {
    int[] bounds = new int[TYPICAL_PARAMETERS * BOUNDS];
    int size = 0;
    int written = 0;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        if (size == MAX_PARAMETERS) {
          throw new MalformedForm("more than " + MAX_PARAMETERS + " parameters");
        }
        int equals = indexOf(body, (byte) '=', start, end);
        int at = size * BOUNDS;
        if (at == bounds.length) {
          bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[at + NAME_START] = written;
        written = component(body, start, equals, written);
        bounds[at + NAME_END] = written;
        if (bounds[at + NAME_END] == bounds[at + NAME_START]) {
          throw new MalformedForm("a parameter has no name");
        }
        written = equals == end ? written : component(body, equals + 1, end, written);
        bounds[at + VALUE_END] = written;
        size++;
      }
      start = end + 1;
    }
    UrlEncodedForm form = new UrlEncodedForm(body, bounds, size, written);
    form.sortByName();
    return form;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return to;
  }

  /**
   * Decodes one name or value of {@code body} onto {@code body} itself, from {@code written} on: {@code +} is a
   * space, {@code %XX} a byte, and the bytes must be UTF-8. Never longer than what it decodes, so it never overtakes
   * what is still to be read.
   *
   * @return where the decoded component ends
   */
  private static int component(byte[] body, int from, int to, int written) throws MalformedForm {
    int begin = written;
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
      body[written++] = b;
    }
    if (!ascii) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body, begin, written - begin));
      } catch (CharacterCodingException e) {
        throw new MalformedForm("the form is not valid UTF-8");
      }
    }
    return written;
  }

  /**
   * Binary insertion sort: a webhook has about thirty parameters, often in order already, and one that follows the
   * last costs one comparison. Any other is placed by binary search, so that a hostile body of 256 long names with
   * a shared prefix, in reverse order, costs n log n comparisons: a plain insertion sort's n² comparisons let such a
   * body, unsigned, hold up the event loop.
   */
  private void sortByName() throws MalformedForm {
    int[] moving = new int[BOUNDS];
    for (int i = 1; i < size; i++) {
      int afterLast = compareNames(i - 1, i);
      if (afterLast < 0) {
        continue;
      }
      if (afterLast == 0) {
        throw repeated(i);
      }
      int low = 0;
      int high = i - 1;
      while (low < high) {
        int middle = (low + high) >>> 1;
        int order = compareNames(middle, i);
        if (order == 0) {
          throw repeated(i);
        }
        if (order < 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      System.arraycopy(bounds, i * BOUNDS, moving, 0, BOUNDS);
      System.arraycopy(bounds, low * BOUNDS, bounds, (low + 1) * BOUNDS, (i - low) * BOUNDS);
      System.arraycopy(moving, 0, bounds, low * BOUNDS, BOUNDS);
    }
  }

  private MalformedForm repeated(int index) {
    return new MalformedForm("parameter repeated: " + printable(name(index)));
  }

  /** In {@link String} order, which is byte order up to the first byte that differs, if that is ASCII in both. */
  private int compareNames(int left, int right) {
    int leftStart = bounds[left * BOUNDS + NAME_START];
    int leftEnd = bounds[left * BOUNDS + NAME_END];
    int rightStart = bounds[right * BOUNDS + NAME_START];
    int rightEnd = bounds[right * BOUNDS + NAME_END];
    int differ = Arrays.mismatch(bytes, leftStart, leftEnd, bytes, rightStart, rightEnd);
    if (differ < 0) {
      return 0;
    }
    if (differ == leftEnd - leftStart || differ == rightEnd - rightStart) {
      return (leftEnd - leftStart) - (rightEnd - rightStart);
    }
    byte l = bytes[leftStart + differ];
    byte r = bytes[rightStart + differ];
    // Within or at a multi-byte character, UTF-8's byte order is not always String's (UTF-16) order.
    return l < 0 || r < 0 ? name(left).compareTo(name(right)) : l - r;
  }

  /** The index of the parameter called {@code name}, or -1. */
  private int indexOfName(String name) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int order = compareName(middle, name);
      if (order == 0) {
        return middle;
      }
      if (order < 0) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return -1;
  }

  private int compareName(int index, String name) {
    int start = bounds[index * BOUNDS + NAME_START];
    int length = bounds[index * BOUNDS + NAME_END] - start;
    for (int k = 0; k < Math.min(length, name.length()); k++) {
      byte b = bytes[start + k];
      char c = name.charAt(k);
      if (b < 0 || c >= 0x80) {
        return name(index).compareTo(name);
      }
      if (b != c) {
        return b - c;
      }
    }
    return length - name.length();
  }

  private String name(int index) {
    return text(bounds[index * BOUNDS + NAME_START], bounds[index * BOUNDS + NAME_END]);
  }

  private String value(int index) {
    return text(bounds[index * BOUNDS + NAME_END], bounds[index * BOUNDS + VALUE_END]);
  }

  private String text(int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] < 0) {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
      }
    }
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /**
   * Twilio's signed text of the parameters, each name followed by its value, sorted by name, as UTF-8.
   *
   * @param into where it goes, from {@code offset}; at least {@link #signedLength()} bytes past it
   * @return where it ends in {@code into}
   */
  int copySignedText(byte[] into, int offset) {
    int at = offset;
    for (int i = 0; i < size; i++) {
      int nameStart = bounds[i * BOUNDS + NAME_START];
      int pairLength = bounds[i * BOUNDS + VALUE_END] - nameStart;
      System.arraycopy(bytes, nameStart, into, at, pairLength);
      at += pairLength;
    }
    return at;
  }

  /** The length of {@link #copySignedText}'s text: all the decoded bytes, in another order. */
  int signedLength() {
    return decodedLength;
  }

  @Override
  public String get(Object name) {
    int index = name instanceof String text ? indexOfName(text) : -1;
    return index < 0 ? null : value(index);
  }

  @Override
  public boolean containsKey(Object name) {
    return name instanceof String text && indexOfName(text) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  /** The parameters in name order; each entry's strings made as it is reached. */
  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, String> next() {
            if (next == size) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> entry = new SimpleImmutableEntry<>(name(next), value(next));
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** A name as it may appear in an error message: letters, digits and underscores, the rest as {@code ?}. */
  private static String printable(String name) {
    String printable = name.replaceAll("[^A-Za-z0-9_]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
