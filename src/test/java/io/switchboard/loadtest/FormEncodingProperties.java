package io.switchboard.loadtest;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The load tester's fast form encoding writes exactly what the JDK's URLEncoder writes. */
class FormEncodingProperties {

  @Property(tries = 2000)
  void encodesAsUrlEncoderDoes(@ForAll String value) {
    StringBuilder form = new StringBuilder();
    TwilioTraffic.formEncode(form, value);
    assertEquals(URLEncoder.encode(value, StandardCharsets.UTF_8), form.toString());
  }
}
