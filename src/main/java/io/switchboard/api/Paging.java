package io.switchboard.api;

import io.switchboard.storage.CallQuery;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.Optional;

/** The query parameters of the API's lists: {@code limit} (20 unless given) and the opaque {@code cursor}. */
final class Paging {

  static final int DEFAULT_LIMIT = 20;

  private Paging() {
  }

  /** @throws HttpException 400 when it is not a whole number from 1 to {@link CallQuery#MAX_LIMIT} */
  static int limit(RoutingContext ctx) {
    Optional<String> limit = singleParam(ctx, "limit");
    if (limit.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    int value = limit.get().matches("[0-9]{1,3}") ? Integer.parseInt(limit.get()) : 0;
    if (value < 1 || value > CallQuery.MAX_LIMIT) {
      throw new HttpException(400, "limit must be a whole number from 1 to " + CallQuery.MAX_LIMIT);
    }
    return value;
  }

  /** @throws HttpException 400 when it is given twice or empty */
  static Optional<String> cursor(RoutingContext ctx) {
    return singleParam(ctx, "cursor");
  }

  /** The parameter given once and not empty, or absent; anything else is a 400. */
  private static Optional<String> singleParam(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1 || values.get(0).isEmpty()) {
      throw new HttpException(400, name + " must be given once, and not empty");
    }
    return Optional.of(values.get(0));
  }
}
