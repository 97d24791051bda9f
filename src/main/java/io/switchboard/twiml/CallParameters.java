package io.switchboard.twiml;

import io.switchboard.bus.LocalCodec;
import io.vertx.core.eventbus.EventBus;

import java.util.Collections;
import java.util.Map;

/**
 * A voice webhook's POST parameters, each name once, and its URL's query: the message that the addresses of
 * {@link TwimlAddresses} take. It cannot change, so the event bus hands it to the TwiML verticle as it is, where a
 * JSON object would be copied on every webhook.
 *
 * @param byName the parameters; the caller must not change this map afterwards
 * @param query  the parameters of the URL's query string, which our TwiML writes into the callback URLs it gives
 *               Twilio (signed by Twilio with the URL); the caller must not change this map afterwards
 */
public record CallParameters(Map<String, String> byName, Map<String, String> query) {

  public CallParameters {
    byName = Collections.unmodifiableMap(byName);
    query = Collections.unmodifiableMap(query);
  }

  /** A webhook whose URL has no query. */
  public CallParameters(Map<String, String> byName) {
    this(byName, Map.of());
  }

  /** Makes {@link CallParameters} a message type of this event bus; once per Vert.x instance. */
  public static void registerCodec(EventBus bus) {
    LocalCodec.register(bus, CallParameters.class);
  }

  /** A parameter, stripped; empty when absent, so that odd input is refused, never thrown on. */
  String text(String name) {
    String value = byName.get(name);
    return value == null ? "" : value.strip();
  }
}
