package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a voice webhook's body and admits only what Twilio sends: a form-encoded body, within the size limit, with
 * each parameter once. A repeated name would let the signature check and the call logic read different values.
 * The query string, which our TwiML writes into the callback URLs it gives Twilio, is read by the same rules.
 *
 * <p>It stands in for vertx-web's BodyHandler on the webhook routes: that one decodes forms with Netty's multipart
 * decoder, an object per parameter on every webhook; a webhook is one small urlencoded body,
 * which {@link UrlEncodedForm} reads in one pass.
 */
final class WebhookForm implements Handler<RoutingContext> {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String PARAMETERS = WebhookForm.class.getName();
  private static final String QUERY = WebhookForm.class.getName() + ".query";

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
    BodyBytes body = new BodyBytes(declaredLength >= 0 ? (int) declaredLength : 1024);
    request.handler(chunk -> {
      if (body.length + chunk.length() > maxBodyBytes) {
        request.handler(null);
        ctx.fail(413);
      } else {
        body.append(chunk);
      }
    });
    request.endHandler(ended -> {
      if (!ctx.failed()) {
        admit(ctx, body.toArray());
      }
    });
    request.resume();
  }

  private static void admit(RoutingContext ctx, byte[] body) {
    try {
      ctx.put(PARAMETERS, UrlEncodedForm.decode(body));
    } catch (UrlEncodedForm.MalformedForm malformed) {
      ctx.fail(new HttpException(400, malformed.getMessage()));
      return;
    }
    String query = ctx.request().query();
    try {
      ctx.put(QUERY, query == null || query.isEmpty() ? Map.of()
          : UrlEncodedForm.decode(query.getBytes(StandardCharsets.UTF_8)));
    } catch (UrlEncodedForm.MalformedForm malformed) {
      ctx.fail(new HttpException(400, "query string: " + malformed.getMessage()));
      return;
    }
    ctx.next();
  }

  /**
   * The webhook's POST parameters, each name once, sorted by name: for the signature check and the TwiML
   * verticle. Names are compared exactly, as Twilio signs them: "to" is not "To".
   */
  static UrlEncodedForm parameters(RoutingContext ctx) {
    return ctx.get(PARAMETERS);
  }

  /**
   * The parameters of the URL's query string, each name once: trusted only once the signature, which covers the
   * URL, is checked.
   */
  static Map<String, String> query(RoutingContext ctx) {
    return ctx.get(QUERY);
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body as it arrives, straight into an array sized by its Content-Length: no buffer to copy it out of. */
  private static final class BodyBytes {
    private byte[] bytes;
    private int length;

    BodyBytes(int expectedLength) {
      bytes = new byte[expectedLength];
    }

    void append(Buffer chunk) {
      if (length + chunk.length() > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + chunk.length()));
      }
      chunk.getBytes(0, chunk.length(), bytes, length);
      length += chunk.length();
    }

    byte[] toArray() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }
}
