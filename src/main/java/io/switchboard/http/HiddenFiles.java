package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 404 for any path with a segment that starts with a dot ({@code /.env}, {@code /.git/config},
 * {@code /a/.hidden/b}): such files in a webroot are an editor's, a version control's or a deployment's, never the
 * page's. The static handler's own hidden-file check looks at the file's name only, not at the folders above it.
 */
final class HiddenFiles implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String file;
    try {
      file = Webroot.requestedFile(ctx);
    } catch (IllegalArgumentException brokenEscape) {
      ctx.fail(400);
      return;
    }
    if (file.startsWith(".") || file.contains("/.")) {
      ctx.fail(404);
    } else {
      ctx.next();
    }
  }
}
