package io.switchboard.admin;

import io.switchboard.config.AdminSettings;
import io.switchboard.config.AdminSettings.AdminUser;
import io.switchboard.http.ClientAddress;
import io.switchboard.security.BasicCredentials;
import io.switchboard.security.AsyncLimiter;
import io.switchboard.security.SecretHash;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.Optional;

/**
 * {@code Authorization: Basic} against {@code admin.users}' password hashes, off the event loop (the hash is slow
 * by design). Failures count per user name and per client address in the token API's failed-attempt limiter:
 * past {@code security.maxFailedAttempts}, 429 until the window ends, even for the right password. An unknown user
 * costs a hash too, so the time of the answer does not tell which names exist. On success the user's name is
 * {@link #user(RoutingContext)}, for the audit.
 */
final class AdminAuth implements Handler<RoutingContext> {

  private static final String USER = "adminUser";
  private static final String CHALLENGE = "Basic realm=\"switchboard-admin\", charset=\"UTF-8\"";

  private final Vertx vertx;
  private final AdminSettings settings;
  private final AsyncLimiter failedAttempts;
  private final Optional<String> clientAddressHeader;

  AdminAuth(Vertx vertx, AdminSettings settings, AsyncLimiter failedAttempts, Optional<String> clientAddressHeader) {
    this.vertx = vertx;
    this.settings = settings;
    this.failedAttempts = failedAttempts;
    this.clientAddressHeader = clientAddressHeader;
  }

  static String user(RoutingContext ctx) {
    return ctx.get(USER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<BasicCredentials> credentials = BasicCredentials.of(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (credentials.isEmpty()) {
      challenge(ctx, "this API needs an administrator's user and password (Basic)");
      return;
    }
    String name = credentials.get().user();
    String password = credentials.get().password();
    String userKey = "admin:" + name;
    String addressKey = "address:" + ClientAddress.of(ctx, clientAddressHeader);
    Future<Long> userWait = failedAttempts.retryAfter(userKey);
    Future<Long> addressWait = failedAttempts.retryAfter(addressKey);
    Future.all(userWait, addressWait).onComplete(waits -> {
      if (waits.failed()) {
        ctx.fail(new HttpException(503, "failed attempts cannot be read now; try again", waits.cause()));
        return;
      }
      long wait = Math.max(userWait.result(), addressWait.result());
      if (wait > 0) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        ctx.fail(new HttpException(429, "too many failed attempts; retry in " + wait + " s"));
        return;
      }
      check(ctx, name, password, userKey, addressKey);
    });
  }

  private void check(RoutingContext ctx, String name, String password, String userKey, String addressKey) {
    Optional<AdminUser> user = settings.user(name);
    // A name that is no administrator's is checked against the first one's hash, to take as long as a wrong password.
    SecretHash hash = user.orElse(settings.users().get(0)).passwordHash();
    vertx.executeBlocking(() -> hash.matches(password) && user.isPresent(), false).onComplete(checked -> {
      if (checked.succeeded() && checked.result()) {
        failedAttempts.reset(userKey).onComplete(reset -> {
          ctx.put(USER, name);
          ctx.next();
        });
      } else if (checked.failed()) {
        ctx.fail(checked.cause());
      } else {
        Future.all(failedAttempts.hit(userKey), failedAttempts.hit(addressKey))
            .onComplete(counted -> challenge(ctx, "wrong user or password"));
      }
    });
  }

  private static void challenge(RoutingContext ctx, String reason) {
    ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
    ctx.fail(new HttpException(401, reason));
  }
}
