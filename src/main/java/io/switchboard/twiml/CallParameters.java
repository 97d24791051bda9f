package io.switchboard.twiml;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

import java.util.Collections;
import java.util.Map;

/**
 * A voice webhook's POST parameters, each name once: the message that the addresses of {@link TwimlAddresses}
 * take. It cannot change, so the event bus hands it to the TwiML verticle as it is, where a JSON object would be
 * copied on every webhook.
 *
 * @param byName the parameters; the caller must not change this map afterwards
 */
public record CallParameters(Map<String, String> byName) {

  public CallParameters {
    byName = Collections.unmodifiableMap(byName);
  }

  /** Makes {@link CallParameters} a message type of this event bus; once per Vert.x instance. */
  public static void registerCodec(EventBus bus) {
    bus.registerDefaultCodec(CallParameters.class, new Codec());
  }

  /** A parameter, stripped; empty when absent, so that odd input is refused, never thrown on. */
  String text(String name) {
    String value = byName.get(name);
    return value == null ? "" : value.strip();
  }

  /** Local delivery only: the server's event bus is not clustered. */
  private static final class Codec implements MessageCodec<CallParameters, CallParameters> {

    @Override
    public void encodeToWire(Buffer buffer, CallParameters parameters) {
      throw new UnsupportedOperationException("call parameters are not sent off this server");
    }

    @Override
    public CallParameters decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("call parameters are not sent off this server");
    }

    @Override
    public CallParameters transform(CallParameters parameters) {
      return parameters;
    }

    @Override
    public String name() {
      return CallParameters.class.getName();
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
