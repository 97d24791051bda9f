package io.switchboard.twiml;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.bus.Refusal;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.events.Presence;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.Limiter;
import io.switchboard.storage.CallCallback;
import io.switchboard.storage.StorageAddresses;
import io.switchboard.twilio.RetryOverrides;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers Twilio's voice webhooks with TwiML, on the addresses of {@link TwimlAddresses}. The two call webhooks
 * never wait for the store: a call rings whatever the database does. The Dial action hands its outcome to the store
 * and waits for it {@link #STORE_WAIT_MILLIS at most}, then answers whatever the store said (a refusal is counted):
 * the call comes first, and the legs' status callbacks, each acknowledged only once stored, carry the same outcome.
 */
public final class TwimlVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TwimlVerticle.class);
  /** Long enough for a group commit, short enough that a caller does not notice a database that hangs. */
  private static final long STORE_WAIT_MILLIS = 1_000;
  /** Local only: answered by this node's consumers, with no look-up of the cluster's (a cluster never hops). */
  private static final DeliveryOptions TO_STORE = new DeliveryOptions().setSendTimeout(STORE_WAIT_MILLIS)
      .setLocalOnly(true);
  /** Shared data answers at once on one server, within milliseconds in a cluster. */
  private static final long PRESENCE_WAIT_MILLIS = 500;

  private final CallRouter router;
  private final TwimlRenderer renderer;
  private final Optional<Limiter> callsPerHour;
  private final SwitchboardMetrics metrics;
  private final int presenceSeconds;
  private Presence presence;

  /**
   * @param callsPerHour calls to the public network per calling number and hour, shared by all instances; empty
   *                     when there is no cap
   */
  public TwimlVerticle(SwitchboardConfig config, Supplier<Directory> directory, Optional<Limiter> callsPerHour,
                       SwitchboardMetrics metrics) {
    this.router = new CallRouter(directory, config.dial().policy(), config.dial().timeoutSeconds());
    this.renderer = new TwimlRenderer(new CallbackUrls(config.twilio().publicBaseUrl(),
        RetryOverrides.fragment(config.calls().callbackRetries())), config.calls().record());
    this.callsPerHour = callsPerHour;
    this.metrics = metrics;
    this.presenceSeconds = config.events().presenceSeconds();
  }

  @Override
  public Future<?> start() {
    presence = new Presence(vertx, presenceSeconds);
    return Future.all(
        EventLoopAffinity.consumer(vertx.eventBus(), TwimlAddresses.CALL_INCOMING, this::callIncoming),
        EventLoopAffinity.consumer(vertx.eventBus(), TwimlAddresses.CALL_OUTGOING, this::callOutgoing),
        EventLoopAffinity.consumer(vertx.eventBus(), TwimlAddresses.DIAL_ACTION, this::dialAction),
        EventLoopAffinity.consumer(vertx.eventBus(), TwimlAddresses.RECORD_ACTION, this::recordAction));
  }

  /** Looks up the presence of the called entry's clients first, when it could change the plan. */
  private void callIncoming(Message<CallParameters> message) {
    // Composed, so that a message this consumer cannot read fails the future, and the answer below refuses it: the
    // presence itself never fails (online() counts everyone online when it cannot be read).
    Future.succeededFuture(message).compose(received -> online(router.clientsToLookUp(received.body())))
        .onComplete(online -> answer(message, "call_incoming", params -> router.incoming(params,
            online.succeeded() ? online.result() : Set.of())));
  }

  /**
   * Those of {@code clients} online now; a presence that cannot be read within {@link #PRESENCE_WAIT_MILLIS} counts
   * every one as online: the call rings as ever.
   */
  private Future<Set<String>> online(List<String> clients) {
    if (clients.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return presence.online(clients).<Set<String>>map(found -> found.keySet())
        .timeout(PRESENCE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
        .otherwise(failure -> {
          LOG.warn("Presence unavailable, the call rings its clients: {}", failure.toString());
          return Set.copyOf(clients);
        });
  }

  private void callOutgoing(Message<CallParameters> message) {
    answer(message, "call_outgoing", params -> withinHourlyCap(router.outgoing(params)));
  }

  /** The store and the presence of the entry's clients (when it could change the next step) are asked at once. */
  private void dialAction(Message<CallParameters> message) {
    CallParameters params = message.body();
    Future<Set<String>> online = online(router.clientsToLookUpAfterDial(params));
    vertx.eventBus().request(StorageAddresses.RECORD_CALLBACK,
            CallCallback.from(CallCallback.Kind.DIAL_ACTION, params, params.query()), TO_STORE)
        .onFailure(failure -> metrics.dialOutcomeUnrecorded(unrecordedReason(failure)))
        .eventually(() -> online)
        .onComplete(done -> answer(message, "dial_action", after -> router.afterDial(after, online.result())));
  }

  /** The message itself reaches the store through the recording status callback, not here. */
  private void recordAction(Message<CallParameters> message) {
    answer(message, "record_action", router::afterRecord);
  }

  /** A label from a fixed set: the store's refusal status, or why no answer came. */
  private static String unrecordedReason(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> Integer.toString(reply.failureCode());
        case TIMEOUT -> "timeout";
        case NO_HANDLERS -> "no_store";
        default -> "error";
      };
    }
    return "error";
  }

  /** Only calls out to the public network count: they are what costs money; calls between clients do not. */
  private CallPlan withinHourlyCap(CallPlan plan) {
    if (plan instanceof DialNumber dial && callsPerHour.isPresent() && callsPerHour.get().hit(dial.callerId()) > 0) {
      return new Refuse(RefusalReason.RATE_LIMITED);
    }
    return plan;
  }

  private void answer(Message<CallParameters> message, String webhook, Function<CallParameters, CallPlan> router) {
    try {
      CallPlan plan = router.apply(message.body());
      metrics.twiml(webhook, plan.outcome());
      if (plan instanceof Refuse refuse) {
        metrics.twimlRefusal(webhook, refuse.reason().label());
      }
      message.reply(renderer.render(plan));
    } catch (RuntimeException e) {
      LOG.error("TwiML rendering failed on {}", message.address(), e);
      message.reply(Refusal.internalError("TwiML rendering failed"));
    }
  }
}
