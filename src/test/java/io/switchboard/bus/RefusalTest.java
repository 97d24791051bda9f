package io.switchboard.bus;

import io.switchboard.bus.EventLoopAffinity.LoopAddress;
import io.switchboard.support.TestServer;
import io.switchboard.token.TokenAddresses;
import io.switchboard.twiml.TwimlAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A consumer's {@link Refusal} reaches the sender as itself, and the server's consumers fail with one, never a timeout. */
class RefusalTest {

  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Throwable failureOf(Future<?> request) throws Exception {
    return request.transform(done -> Future.succeededFuture(done.cause())).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRepliedRefusalFailsTheSendersRequestWithItself() throws Exception {
    Refusal.registerCodec(vertx.eventBus());
    Refusal refusal = Refusal.tooManyRequests(42, "too many failed attempts; retry in 42 s");
    EventLoopAffinity.consumer(vertx.eventBus(), "test.refuse", message -> message.reply(refusal))
        .await(10, TimeUnit.SECONDS);

    Throwable failure = failureOf(EventLoopAffinity.request(vertx.eventBus(),
        new LoopAddress("test.refuse", "test.refuse@nowhere"), "anything", DELIVERY));

    Refusal received = assertInstanceOf(Refusal.class, failure);
    assertSame(refusal, received);
    assertEquals(429, received.status());
    assertEquals("too many failed attempts; retry in 42 s", received.reason());
    assertEquals(OptionalLong.of(42), received.retryAfterSeconds());
  }

  /** A body a consumer cannot read stands for any failure inside it: the sender hears of it at once. */
  @Test
  void theServersConsumersAnswerWhatTheyCannotReadWithAnInternalError() throws Exception {
    TestServer.start(vertx).await(10, TimeUnit.SECONDS);

    for (String address : new String[] {TokenAddresses.ISSUE, TwimlAddresses.CALL_INCOMING,
        TwimlAddresses.CALL_OUTGOING}) {
      Refusal refusal = assertInstanceOf(Refusal.class,
          failureOf(vertx.eventBus().request(address, new JsonObject().put("not", "a message type"), DELIVERY)),
          address);
      assertEquals(500, refusal.status(), address);
    }
  }
}
