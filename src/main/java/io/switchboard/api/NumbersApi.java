package io.switchboard.api;

import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@value #NUMBERS}: the token's client and its own numbers in E.164, in the order of the directory, from which
 * the page offers a caller ID when there are several. The directory in force answers: a reload shows at once.
 */
final class NumbersApi {

  static final String NUMBERS = "/api/numbers";

  private final Supplier<Directory> directory;

  NumbersApi(Supplier<Directory> directory) {
    this.directory = directory;
  }

  void mount(Router router, AccessTokenAuth auth) {
    router.get(NUMBERS).handler(auth).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String client = AccessTokenAuth.client(ctx);
    JsonArray numbers = new JsonArray(directory.get().entriesOf(client).stream().map(DirectoryEntry::phoneNumber)
        .toList());
    CallsApi.respond(ctx, new JsonObject().put("client", client).put("numbers", numbers));
  }
}
