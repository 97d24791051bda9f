package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JSON object of the configuration, read key by key with type checks. Every key read is remembered so that
 * {@link #rejectUnknownKeys()} can refuse a mistyped key instead of silently applying a default.
 */
final class Section {

  private final String path;
  private final JsonObject json;
  private final Set<String> known = new HashSet<>();

  Section(String path, JsonObject json) {
    this.path = path;
    this.json = json;
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigException error(String key, String problem) {
    return new ConfigException(keyPath(key) + ": " + problem);
  }

  Section section(String key) {
    Object value = value(key);
    if (value == null) {
      return new Section(keyPath(key), new JsonObject());
    }
    if (!(value instanceof JsonObject object)) {
      throw error(key, "must be an object");
    }
    return new Section(keyPath(key), object);
  }

  String string(String key, String defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String text)) {
      throw error(key, "must be a string");
    }
    return text;
  }

  String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw error(key, "is required");
    }
    return value;
  }

  String matching(String key, Pattern pattern, String expected) {
    String value = requiredString(key);
    if (!pattern.matcher(value).matches()) {
      throw error(key, "must be " + expected);
    }
    return value;
  }

  int integer(String key, int defaultValue, int min, int max) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Integer number)) {
      throw error(key, "must be a whole number");
    }
    if (number < min || number > max) {
      throw error(key, "must be between " + min + " and " + max);
    }
    return number;
  }

  /** A whole number when the key is there; empty when it is left out. */
  OptionalInt optionalInteger(String key, int min, int max) {
    return value(key) == null ? OptionalInt.empty() : OptionalInt.of(integer(key, 0, min, max));
  }

  boolean bool(String key, boolean defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean flag)) {
      throw error(key, "must be true or false");
    }
    return flag;
  }

  /** One of {@code type}'s constants, written in lower case. */
  <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String name = constant.name().toLowerCase(Locale.ROOT);
      if (name.equals(value)) {
        return constant;
      }
      names.add(name);
    }
    throw error(key, "must be one of " + String.join(", ", names));
  }

  List<String> strings(String key) {
    List<String> strings = new ArrayList<>();
    for (Object item : array(key)) {
      if (!(item instanceof String text) || text.isBlank()) {
        throw error(key, "must be a list of non-empty strings");
      }
      strings.add(text);
    }
    return List.copyOf(strings);
  }

  /** The list under {@code key}; empty when the key is left out, which an empty list is not. */
  Optional<List<String>> optionalStrings(String key) {
    return value(key) == null ? Optional.empty() : Optional.of(strings(key));
  }

  List<Section> sections(String key) {
    List<Section> sections = new ArrayList<>();
    JsonArray array = array(key);
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw error(key, "must be a list of objects");
      }
      sections.add(new Section(keyPath(key) + "[" + i + "]", object));
    }
    return sections;
  }

  /** Whether {@code key} is given (as anything but null); it counts as known. */
  boolean isPresent(String key) {
    return value(key) != null;
  }

  /** Whether the section was left out of the file (or written as {}). */
  boolean isEmpty() {
    return json.isEmpty();
  }

  void rejectUnknownKeys() {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw error(key, "is not a known key");
      }
    }
  }

  private JsonArray array(String key) {
    Object value = value(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw error(key, "must be a list");
    }
    return array;
  }

  private Object value(String key) {
    known.add(key);
    return json.getValue(key);
  }
}
