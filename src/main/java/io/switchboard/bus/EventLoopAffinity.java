package io.switchboard.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Keeps an event-bus request on the event loop that sends it, when a consumer of its address runs there.
 *
 * <p>The event bus hands a request to its address's consumers in turn, whatever their event loop: with one instance
 * of each verticle per loop, half the webhooks crossed to the other loop and their replies crossed back, each
 * crossing a wake-up of a thread. So each consumer also listens under its address suffixed with its own loop's
 * name, and a request goes there first, to the shared address only when no consumer runs on the sender's loop.
 * What this saves in CPU time and latency is measured in docs/benchmarks.md.
 */
public final class EventLoopAffinity {

  private EventLoopAffinity() {
  }

  /** An address as shared by all its consumers, and as named for one event loop's own consumer. */
  public record LoopAddress(String shared, String onLoop) {
  }

  /** {@code address} for the calling event loop: made once per sender, not once per request. */
  public static LoopAddress onThisEventLoop(String address) {
    return new LoopAddress(address, address + "@" + Thread.currentThread().getName());
  }

  /**
   * Registers {@code handler} on {@code address}, shared, and on its name for the calling event loop; on this node
   * only, in a cluster: a request is answered where it arrived, and its local codec never crosses to another node.
   */
  public static <T> Future<Void> consumer(EventBus bus, String address, Handler<Message<T>> handler) {
    return Future.all(
            bus.localConsumer(address, handler).completion(),
            bus.localConsumer(onThisEventLoop(address).onLoop(), handler).completion())
        .mapEmpty();
  }

  /**
   * Sends a request to the consumer of {@code address} on its event loop, or, when none runs there, to whichever
   * consumer of the shared address is next.
   */
  public static <T> Future<Message<T>> request(EventBus bus, LoopAddress address, Object body,
                                               DeliveryOptions options) {
    return bus.<T>request(address.onLoop(), body, options)
        .recover(failure -> noConsumer(failure)
            ? bus.request(address.shared(), body, options)
            : Future.failedFuture(failure));
  }

  private static boolean noConsumer(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
