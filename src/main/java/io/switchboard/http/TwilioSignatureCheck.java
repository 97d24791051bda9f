package io.switchboard.http;

import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a webhook through only when its {@code X-Twilio-Signature} is Twilio's HMAC, made with the account's auth
 * token, over the public URL of the request and its POST parameters. Anything else is refused with 403 before a
 * single byte of TwiML is rendered. The URL may end with a retry fragment of our TwiML's callback URLs
 * ({@link io.switchboard.twilio.RetryOverrides}): Twilio never sends a fragment, and may or may not sign it.
 */
final class TwilioSignatureCheck implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(TwilioSignatureCheck.class);

  private final WebhookSignature expected;
  private final SwitchboardMetrics metrics;

  TwilioSignatureCheck(String authToken, String publicBaseUrl, SwitchboardMetrics metrics) {
    this.expected = new WebhookSignature(authToken, publicBaseUrl);
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String signature = ctx.request().getHeader(TwilioSignature.HEADER);
    if (signature == null || signature.isEmpty()) {
      refuse(ctx, "missing");
      return;
    }
    // The path and query as the client sent them: Twilio signs the URL it called, byte for byte.
    if (expected.matches(signature, ctx.request().uri(), WebhookForm.parameters(ctx))) {
      ctx.next();
    } else {
      refuse(ctx, "invalid");
    }
  }

  /** @param problem {@code missing} or {@code invalid} */
  private void refuse(RoutingContext ctx, String problem) {
    metrics.signatureRefused(problem);
    LOG.warn("Webhook refused from {}: {} {} for {}", ctx.request().remoteAddress(), problem, TwilioSignature.HEADER,
        ctx.request().path());
    ctx.fail(new HttpException(403, problem + " " + TwilioSignature.HEADER));
  }
}
