package io.switchboard.http;

import io.switchboard.security.AsyncLimiter;
import io.switchboard.security.Limiter;
import io.switchboard.support.BareRouter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link RateLimit} alone on a bare router, with a clock the test moves. */
class RateLimitTest {

  private final AtomicLong clockMillis = new AtomicLong(1_000_000);

  @Test
  void requestsWithinTheLimitPassAndTheNextIsToldHowLongToWait() {
    Limiter perAddress = new Limiter(2, 60, clockMillis::get);
    try (BareRouter router = BareRouter.serve(r -> r.route()
        .handler(new RateLimit(AsyncLimiter.inProcess(perAddress), Optional.empty(), "token requests")))) {
      HttpResponse<Buffer> first = router.client().post("/token").send().await();
      HttpResponse<Buffer> second = router.client().post("/token").send().await();
      clockMillis.addAndGet(15_000);
      HttpResponse<Buffer> third = router.client().post("/token").send().await();

      assertEquals(200, first.statusCode());
      assertNull(first.getHeader("Retry-After"));
      assertEquals(200, second.statusCode());
      assertEquals(429, third.statusCode());
      assertEquals("45", third.getHeader("Retry-After"));
      assertEquals("too many token requests; retry in 45 s", third.bodyAsJsonObject().getString("error"));
    }
  }

  @Test
  void theWindowsEndLetsTheAddressBackIn() {
    Limiter perAddress = new Limiter(1, 60, clockMillis::get);
    try (BareRouter router = BareRouter.serve(r -> r.route()
        .handler(new RateLimit(AsyncLimiter.inProcess(perAddress), Optional.empty(), "token requests")))) {
      router.client().post("/token").send().await();
      assertEquals(429, router.client().post("/token").send().await().statusCode());
      clockMillis.addAndGet(60_000);

      assertEquals(200, router.client().post("/token").send().await().statusCode());
    }
  }

  @Test
  void behindAProxyEachClientAddressIsCountedApart() {
    Limiter perAddress = new Limiter(1, 60, clockMillis::get);
    try (BareRouter router = BareRouter.serve(r -> r.route()
        .handler(new RateLimit(AsyncLimiter.inProcess(perAddress), Optional.of("X-Forwarded-For"), "token requests")))) {
      HttpResponse<Buffer> alice = router.client().post("/token").putHeader("X-Forwarded-For", "203.0.113.7").send().await();
      HttpResponse<Buffer> bob = router.client().post("/token").putHeader("X-Forwarded-For", "203.0.113.8").send().await();
      HttpResponse<Buffer> aliceAgain = router.client().post("/token")
          .putHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.7").send().await();

      assertEquals(200, alice.statusCode());
      assertEquals(200, bob.statusCode());
      assertEquals(429, aliceAgain.statusCode(), "the proxy's own entry, the last, is the one counted");
    }
  }

  @Test
  void aCountKeptElsewhereAnswersLaterAndTheBodyArrivesWhole() {
    String body = "x".repeat(100_000);
    try (BareRouter router = BareRouter.serve((vertx, r) -> r.route()
        .handler(new RateLimit(later(vertx, Future.succeededFuture(0L)), Optional.empty(), "token requests"))
        .handler(BodyHandler.create(false))
        .handler(ctx -> ctx.response().end(Integer.toString(ctx.body().length()))))) {
      HttpResponse<Buffer> response = router.client().post("/token").sendBuffer(Buffer.buffer(body)).await();

      assertEquals(200, response.statusCode());
      assertEquals("100000", response.bodyAsString(), "no byte of the body lost while the count was awaited");
    }
  }

  @Test
  void aCountThatCannotBeHadIs503NeverAPass() {
    try (BareRouter router = BareRouter.serve((vertx, r) -> r.route().handler(new RateLimit(
        later(vertx, Future.failedFuture("cluster unreachable")), Optional.empty(), "token requests")))) {
      HttpResponse<Buffer> response = router.client().post("/token").send().await();

      assertEquals(503, response.statusCode());
      assertEquals("token requests cannot be counted now; try again", response.bodyAsJsonObject().getString("error"));
    }
  }

  /** A limiter whose every answer comes 50 ms later, as a count kept in the cluster does. */
  private static AsyncLimiter later(Vertx vertx, Future<Long> answer) {
    return new AsyncLimiter() {
      @Override
      public Future<Long> hit(String key) {
        Promise<Long> promise = Promise.promise();
        vertx.setTimer(50, id -> answer.onComplete(promise));
        return promise.future();
      }

      @Override
      public Future<Long> retryAfter(String key) {
        return hit(key);
      }

      @Override
      public Future<Void> reset(String key) {
        return Future.succeededFuture();
      }
    };
  }
}
