package io.switchboard.http;

import io.switchboard.http.UrlEncodedForm.MalformedForm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The webhook form decoder reads back whatever a form encoder writes, and refuses what no encoder writes. */
class UrlEncodedFormProperties {

  @Property(tries = 500)
  void readsBackWhatUrlEncoderWrites(@ForAll("forms") Map<String, String> form, @ForAll long order)
      throws MalformedForm {
    List<String> pairs = new ArrayList<>();
    form.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
    Collections.shuffle(pairs, new Random(order));
    UrlEncodedForm decoded = UrlEncodedForm.decode(bytes(String.join("&", pairs)));
    assertEquals(new TreeMap<>(form), decoded);
    assertEquals(decoded, new TreeMap<>(form));
    form.forEach((name, value) -> assertEquals(value, decoded.get(name), name));
    assertEquals(new ArrayList<>(new TreeMap<>(form).keySet()), new ArrayList<>(decoded.keySet()), "name order");
  }

  @Property
  void refusesARepeatedName(@ForAll("forms") Map<String, String> form, @ForAll("names") String name) {
    String body = form.entrySet().stream().map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
        .collect(Collectors.joining("&", encode(name) + "=1&", "&" + encode(name) + "=2"));
    MalformedForm refused = assertThrows(MalformedForm.class, () -> UrlEncodedForm.decode(bytes(body)));
    assertEquals(true, refused.getMessage().startsWith("parameter repeated: "), refused.getMessage());
  }

  @Property
  void refusesMoreParametersThanAnyWebhookHas(@ForAll @IntRange(min = 1, max = 50) int extra) {
    String body = IntStream.range(0, UrlEncodedForm.MAX_PARAMETERS + extra).mapToObj(i -> "p" + i + "=v")
        .collect(Collectors.joining("&"));
    assertThrows(MalformedForm.class, () -> UrlEncodedForm.decode(bytes(body)));
  }

  @Example
  void takesTheMostParametersAWebhookMayHave() throws MalformedForm {
    String body = IntStream.range(0, UrlEncodedForm.MAX_PARAMETERS).mapToObj(i -> "p" + i + "=v")
        .collect(Collectors.joining("&"));
    assertEquals(UrlEncodedForm.MAX_PARAMETERS, UrlEncodedForm.decode(bytes(body)).size());
  }

  @Example
  void sortsTheMostParametersWithALongSharedPrefixGivenInReverse() throws MalformedForm {
    String prefix = "x".repeat(55);
    List<String> names = IntStream.range(0, UrlEncodedForm.MAX_PARAMETERS)
        .mapToObj(i -> prefix + String.format("%03d", i)).toList();
    List<String> reversed = new ArrayList<>(names);
    Collections.reverse(reversed);
    UrlEncodedForm decoded = UrlEncodedForm.decode(bytes(
        reversed.stream().map(name -> name + "=" + name.substring(55)).collect(Collectors.joining("&"))));
    assertEquals(names, new ArrayList<>(decoded.keySet()));
    names.forEach(name -> assertEquals(name.substring(55), decoded.get(name)));
    String repeated = String.join("&", reversed.subList(0, 100)) + "&" + reversed.get(37);
    assertThrows(MalformedForm.class, () -> UrlEncodedForm.decode(bytes(repeated)));
  }

  @Example
  void readsPlusAsSpaceAndSkipsEmptyPairs() throws MalformedForm {
    assertEquals(Map.of("To", "+81 50", "Flag", "", "Empty", ""),
        UrlEncodedForm.decode(bytes("&To=%2B81+50&&Flag&Empty=&")));
    assertEquals(Map.of(), UrlEncodedForm.decode(bytes("")));
  }

  @Example
  void refusesBadEscapesBadUtf8AndNamelessValues() {
    for (String body : List.of("To=%zz", "To=%", "To=%4", "To=%E3%81", "To=%C0%AF", "=%2B815031234567",
        "a=1&=2")) {
      assertThrows(MalformedForm.class, () -> UrlEncodedForm.decode(bytes(body)), body);
    }
  }

  @Provide
  Arbitrary<Map<String, String>> forms() {
    return Arbitraries.maps(names(), values()).ofMaxSize(40);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.of("To", "From", "CallSid", "AccountSid", "Caller", "to"),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12).filter(UrlEncodedFormProperties::wellFormed));
  }

  private static Arbitrary<String> values() {
    return Arbitraries.oneOf(Arbitraries.of("+815031234567", "client:DeviceId_0001", "", "a&b=c", "100%"),
        Arbitraries.strings().all().ofMaxLength(30).filter(UrlEncodedFormProperties::wellFormed));
  }

  /** Text that UTF-8 can carry: no lone surrogate. */
  private static boolean wellFormed(String text) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(text);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.US_ASCII);
  }
}
