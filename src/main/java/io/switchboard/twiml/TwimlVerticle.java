package io.switchboard.twiml;

import io.switchboard.bus.EventLoopAffinity;
import io.switchboard.bus.Refusal;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.Limiter;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Answers Twilio's voice webhooks with TwiML, on the addresses of {@link TwimlAddresses}. */
public final class TwimlVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TwimlVerticle.class);

  private final CallRouter router;
  private final TwimlRenderer renderer;
  private final Optional<Limiter> callsPerHour;
  private final SwitchboardMetrics metrics;

  /**
   * @param callsPerHour calls to the public network per calling number and hour, shared by all instances; empty
   *                     when there is no cap
   */
  public TwimlVerticle(SwitchboardConfig config, Supplier<Directory> directory, Optional<Limiter> callsPerHour,
                       SwitchboardMetrics metrics) {
    this.router = new CallRouter(directory, config.dial().policy());
    this.renderer = new TwimlRenderer(config.dial().timeoutSeconds());
    this.callsPerHour = callsPerHour;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        EventLoopAffinity.consumer(vertx.eventBus(), TwimlAddresses.CALL_INCOMING, this::callIncoming),
        EventLoopAffinity.consumer(vertx.eventBus(), TwimlAddresses.CALL_OUTGOING, this::callOutgoing));
  }

  private void callIncoming(Message<CallParameters> message) {
    answer(message, "call_incoming", router::incoming);
  }

  private void callOutgoing(Message<CallParameters> message) {
    answer(message, "call_outgoing", params -> withinHourlyCap(router.outgoing(params)));
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
