package io.switchboard.storage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands an immutable message to its consumer as it is. Local delivery only: the server's event bus is not
 * clustered, so nothing is ever encoded.
 */
final class LocalCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  LocalCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is not sent off this server");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is not sent off this server");
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
