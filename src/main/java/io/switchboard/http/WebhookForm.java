package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Admits only what Twilio sends a voice webhook: a form-encoded body with each parameter once. A repeated name
 * would let the signature check and the call logic read different values of it.
 */
final class WebhookForm implements Handler<RoutingContext> {

  private static final String FORM = "application/x-www-form-urlencoded";

  @Override
  public void handle(RoutingContext ctx) {
    if (!MediaType.is(ctx, FORM)) {
      ctx.fail(new HttpException(400, "webhooks must be " + FORM));
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    for (String name : form.names()) {
      if (form.getAll(name).size() > 1) {
        ctx.fail(new HttpException(400, "parameter repeated: " + safeName(name)));
        return;
      }
    }
    ctx.next();
  }

  /** The webhook's parameters as the event-bus message the TwiML verticle takes. */
  static JsonObject parameters(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    JsonObject params = new JsonObject();
    form.forEach(params::put);
    return params;
  }

  private static String safeName(String name) {
    String printable = name.replaceAll("[^A-Za-z0-9_]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
