package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves a file of the webroot folder only when its real location, links resolved, is inside that folder: the
 * static handler alone would follow a symbolic link to anywhere on the disk.
 */
final class WebrootConfinement implements Handler<RoutingContext> {

  private final Path realWebroot;

  WebrootConfinement(Path webroot) {
    try {
      this.realWebroot = webroot.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("webroot " + webroot + " cannot be resolved", e);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    // The path the static handler will read: checking the raw one would let "leakdir%2Foutside" past as a name.
    String relative;
    try {
      relative = Webroot.requestedFile(ctx).replaceFirst("^/+", "");
    } catch (IllegalArgumentException brokenEscape) {
      ctx.fail(400);
      return;
    }
    ctx.vertx().executeBlocking(() -> isInside(realWebroot.resolve(relative)), false).onComplete(inside -> {
      if (inside.succeeded() && inside.result()) {
        ctx.next();
      } else {
        ctx.fail(404);
      }
    });
  }

  private boolean isInside(Path requested) {
    if (!Files.exists(requested)) {
      // Nothing to follow: the static handler answers 404 (or the index page for a folder) by itself.
      return requested.normalize().startsWith(realWebroot);
    }
    try {
      return requested.toRealPath().startsWith(realWebroot);
    } catch (IOException e) {
      return false;
    }
  }
}
