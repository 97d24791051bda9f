package io.switchboard.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a voice webhook's body and admits only what Twilio sends: a form-encoded body, within the size limit, with
 * each parameter once. A repeated name would let the signature check and the call logic read different values.
 *
 * <p>It stands in for vertx-web's BodyHandler on the webhook routes: that one decodes forms with Netty's multipart
 * decoder, an object per parameter, which cost an eighth of a webhook; a webhook is one small urlencoded body,
 * which Netty's query-string decoder reads in one pass.
 */
final class WebhookForm implements Handler<RoutingContext> {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String PARAMETERS = WebhookForm.class.getName();
  /** Twilio sends about thirty; a body of thousands is no webhook, and costs a map entry each. */
  private static final int MAX_PARAMETERS = 256;

  private final int maxBodyBytes;

  WebhookForm(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!MediaType.is(ctx, FORM)) {
      ctx.fail(new HttpException(400, "webhooks must be " + FORM));
      return;
    }
    long declaredLength = declaredLength(request);
    if (declaredLength > maxBodyBytes) {
      ctx.fail(413);
      return;
    }
    Buffer body = Buffer.buffer(declaredLength > 0 ? (int) declaredLength : 1024);
    request.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        request.handler(null);
        ctx.fail(413);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(ended -> {
      if (!ctx.failed()) {
        admit(ctx, body);
      }
    });
    request.resume();
  }

  private static void admit(RoutingContext ctx, Buffer body) {
    Map<String, List<String>> decoded;
    try {
      decoded = new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false,
          MAX_PARAMETERS, true).parameters();
    } catch (IllegalArgumentException badEscape) {
      ctx.fail(new HttpException(400, "the form is not valid urlencoding"));
      return;
    }
    // Names are compared exactly, as Twilio signs them: "to" is not "To", and the call logic reads only "To".
    JsonObject params = new JsonObject(new LinkedHashMap<>(decoded.size() * 2));
    for (Map.Entry<String, List<String>> parameter : decoded.entrySet()) {
      if (parameter.getValue().size() > 1) {
        ctx.fail(new HttpException(400, "parameter repeated: " + safeName(parameter.getKey())));
        return;
      }
      params.put(parameter.getKey(), parameter.getValue().get(0));
    }
    ctx.put(PARAMETERS, params);
    ctx.next();
  }

  /**
   * The webhook's POST parameters, each name once, as text: for the handlers after this one, and as the event-bus
   * message the TwiML verticle takes.
   */
  static JsonObject parameters(RoutingContext ctx) {
    return ctx.get(PARAMETERS);
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String safeName(String name) {
    String printable = name.replaceAll("[^A-Za-z0-9_]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
