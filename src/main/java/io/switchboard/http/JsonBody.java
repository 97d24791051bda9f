package io.switchboard.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/** A request body that must be one JSON object, read after a {@code BodyHandler}. */
public final class JsonBody {

  private static final String JSON = "application/json";

  private JsonBody() {
  }

  /**
   * Refuses a request that is not JSON before its body is read: the body handler would otherwise decode a form
   * with Netty's decoder, whose malformed-input errors are bare IllegalArgumentExceptions.
   */
  public static void onlyJson(RoutingContext ctx) {
    if (MediaType.is(ctx, JSON)) {
      ctx.next();
    } else {
      ctx.fail(new HttpException(400, "Content-Type must be " + JSON));
    }
  }

  /** The body as a JSON object, or an {@link HttpException} 400 that says what is wrong with it. */
  public static JsonObject of(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new HttpException(400, "the body is empty");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new HttpException(400, "the body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new HttpException(400, "the body must be a JSON object");
    }
    return object;
  }
}
