package io.switchboard.bus;

import io.switchboard.ServerVertx;
import io.switchboard.bus.EventLoopAffinity.LoopAddress;
import io.switchboard.config.ConfigLoader;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.switchboard.token.TokenAddresses;
import io.switchboard.token.TokenRequest;
import io.switchboard.twiml.CallParameters;
import io.switchboard.twiml.TwimlAddresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopAffinityTest {

  private static final String ADDRESS = "test.where-am-i";
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(5_000);
  private static final int LOOPS = 2;

  private Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Answers with the name of the thread it runs on, or fails with 400 when the body says so. */
  private static final class WhereAmI extends VerticleBase {
    private final AtomicInteger handled;

    WhereAmI(AtomicInteger handled) {
      this.handled = handled;
    }

    @Override
    public Future<?> start() {
      return EventLoopAffinity.consumer(vertx.eventBus(), ADDRESS, this::answer);
    }

    private void answer(Message<String> message) {
      handled.incrementAndGet();
      if ("fail".equals(message.body())) {
        message.fail(400, "refused");
      } else {
        message.reply(Thread.currentThread().getName());
      }
    }
  }

  /** Sends {@code body} from its own event loop and records the sender's and the answerer's threads. */
  private static final class Asker extends VerticleBase {
    private final String body;
    private final int requests;
    private final List<String[]> sentAndAnswered;

    Asker(String body, int requests, List<String[]> sentAndAnswered) {
      this.body = body;
      this.requests = requests;
      this.sentAndAnswered = sentAndAnswered;
    }

    @Override
    public Future<?> start() {
      String sender = Thread.currentThread().getName();
      LoopAddress address = EventLoopAffinity.onThisEventLoop(ADDRESS);
      return Future.all(IntStream.range(0, requests)
          .mapToObj(i -> EventLoopAffinity.<String>request(vertx.eventBus(), address, body, DELIVERY)
              .onSuccess(reply -> sentAndAnswered.add(new String[] {sender, reply.body()})))
          .toList());
    }
  }

  private Future<String> deploy(int consumers, AtomicInteger handled) {
    return vertx.deployVerticle(() -> new WhereAmI(handled), new DeploymentOptions().setInstances(consumers));
  }

  /** Sends {@code requests} requests from each event loop. */
  private Future<String> ask(String body, int requests, List<String[]> sentAndAnswered) {
    return vertx.deployVerticle(() -> new Asker(body, requests, sentAndAnswered),
        new DeploymentOptions().setInstances(LOOPS));
  }

  @Test
  void withAConsumerOnEveryLoopEachRequestIsAnsweredOnTheLoopThatSentIt() throws Exception {
    List<String[]> sentAndAnswered = new CopyOnWriteArrayList<>();
    // Ten each: the shared address's turns would send some of them across.
    deploy(LOOPS, new AtomicInteger()).compose(id -> ask("hello", 10, sentAndAnswered)).await(10, TimeUnit.SECONDS);

    assertEquals(LOOPS * 10, sentAndAnswered.size());
    assertEquals(LOOPS, sentAndAnswered.stream().map(pair -> pair[0]).distinct().count(), "one asker per loop");
    sentAndAnswered.forEach(pair -> assertEquals(pair[0], pair[1], "answered on the sender's own loop"));
  }

  @Test
  void withoutAConsumerOnItsLoopARequestGoesToTheSharedAddress() throws Exception {
    List<String[]> sentAndAnswered = new CopyOnWriteArrayList<>();
    deploy(1, new AtomicInteger()).compose(id -> ask("hello", 1, sentAndAnswered)).await(10, TimeUnit.SECONDS);

    assertEquals(LOOPS, sentAndAnswered.size(), "every request answered");
    assertEquals(1, sentAndAnswered.stream().map(pair -> pair[1]).distinct().count(), "by the one consumer");
    assertTrue(sentAndAnswered.stream().anyMatch(pair -> !pair[0].equals(pair[1])), "one crossed to its loop");
  }

  @Test
  void aConsumersFailureReachesTheSenderAndIsNotSentAgain() throws Exception {
    AtomicInteger handled = new AtomicInteger();
    deploy(LOOPS, handled).await(10, TimeUnit.SECONDS);
    Throwable failure = ask("fail", 1, new CopyOnWriteArrayList<>())
        .transform(done -> Future.succeededFuture(done.cause()))
        .await(10, TimeUnit.SECONDS);

    ReplyException reply = assertInstanceOf(ReplyException.class, failure);
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, reply.failureType());
    assertEquals(400, reply.failureCode());
    assertEquals(LOOPS, handled.get(), "each asker's failing request reached a consumer once");
  }

  @Test
  void anAddressWithNoConsumerAtAllStillFailsAsHavingNone() throws Exception {
    Throwable failure = ask("hello", 1, new CopyOnWriteArrayList<>())
        .transform(done -> Future.succeededFuture(done.cause()))
        .await(10, TimeUnit.SECONDS);

    assertEquals(ReplyFailure.NO_HANDLERS, assertInstanceOf(ReplyException.class, failure).failureType());
  }

  /** Asks the TwiML and token consumers of its own loop directly, without the fallback to the shared address. */
  private static final class OwnLoopProbe extends VerticleBase {
    @Override
    public Future<?> start() {
      return Future.all(
          probe(TwimlAddresses.CALL_INCOMING, new CallParameters(Map.of())),
          probe(TwimlAddresses.CALL_OUTGOING, new CallParameters(Map.of())),
          probe(TokenAddresses.ISSUE,
              new TokenRequest(TestConfig.TWILIO_NUMBER, Optional.empty(), Optional.empty(), Optional.empty(), "127.0.0.1")));
    }

    private Future<Void> probe(String address, Object body) {
      return vertx.eventBus().request(EventLoopAffinity.onThisEventLoop(address).onLoop(), body, DELIVERY)
          .transform(answer -> answer.failed() && answer.cause() instanceof ReplyException reply
              && reply.failureType() == ReplyFailure.NO_HANDLERS
              ? Future.failedFuture("no consumer of " + address + " on " + Thread.currentThread().getName())
              : Future.succeededFuture());
    }
  }

  /** Fails, naming the address and the loop, when a loop of the server's own Vert.x lacks a consumer. */
  @Test
  void theServerRunsATwimlAndATokenConsumerOnEachOfItsEventLoops() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    SwitchboardMetrics metrics = new SwitchboardMetrics();
    vertx = ServerVertx.create(metrics);
    int cores = Runtime.getRuntime().availableProcessors();
    var config = ConfigLoader.parse(TestConfig.json(TestConfig.freePort()), Map.of());
    TestServer.deploy(vertx, config, Optional.empty(), metrics)
        .compose(server -> vertx.deployVerticle(OwnLoopProbe::new, new DeploymentOptions().setInstances(cores)))
        // The whole server starts here, its store migrated first: slow on a loaded machine, so a generous bound.
        .await(60, TimeUnit.SECONDS);
  }
}
