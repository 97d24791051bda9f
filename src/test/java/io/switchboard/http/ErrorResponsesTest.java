package io.switchboard.http;

import io.netty.handler.codec.DecoderException;
import io.switchboard.bus.Refusal;
import io.switchboard.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What each kind of failure becomes, recognised by its type, on a bare router. */
class ErrorResponsesTest {

  private final Vertx vertx = Vertx.vertx();
  private WebClient client;
  private Throwable failure;

  @BeforeEach
  void serve() throws Exception {
    Router router = Router.router(vertx);
    router.route("/fail").handler(ctx -> ctx.fail(failure));
    router.route().failureHandler(ErrorResponses::failure);
    int port = TestConfig.freePort();
    vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> failingWith(Throwable failure) throws Exception {
    this.failure = failure;
    return client.get("/fail").send().await(10, TimeUnit.SECONDS);
  }

  private static void assertAnswer(int status, String error, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode());
    assertEquals(new JsonObject().put("error", error), response.bodyAsJsonObject());
  }

  @Test
  void aRefusalForTheCallerGivesItsStatusAndReason() throws Exception {
    HttpResponse<Buffer> response = failingWith(Refusal.of(401, "wrong secret"));

    assertAnswer(401, "wrong secret", response);
    assertNull(response.getHeader("Retry-After"));
  }

  @Test
  void aRefusalWithAWaitGivesRetryAfter() throws Exception {
    HttpResponse<Buffer> response = failingWith(Refusal.tooManyRequests(42, "too many failed attempts; retry in 42 s"));

    assertAnswer(429, "too many failed attempts; retry in 42 s", response);
    assertEquals("42", response.getHeader("Retry-After"));
  }

  @Test
  void aConsumersInternalErrorKeepsItsReasonToItself() throws Exception {
    assertAnswer(500, "internal error", failingWith(Refusal.internalError("token issuing failed: secret xyz")));
  }

  @Test
  void aConsumerThatCannotTakeTheRequestNowIsUnavailableAndKeepsItsReasonToItself() throws Exception {
    assertAnswer(503, "service unavailable", failingWith(Refusal.unavailable("database at db.internal:5432 down")));
  }

  @Test
  void aConsumerThatDidNotAnswerIsUnavailable() throws Exception {
    assertAnswer(503, "service unavailable", failingWith(new ReplyException(ReplyFailure.TIMEOUT, "timed out")));
    assertAnswer(503, "service unavailable", failingWith(new ReplyException(ReplyFailure.NO_HANDLERS, "none")));
  }

  @Test
  void aPlainRecipientFailureIsNotTrustedWithTheCaller() throws Exception {
    assertAnswer(500, "internal error",
        failingWith(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, "internal detail")));
  }

  @Test
  void aBodyThatCannotBeReadOrDecodedIsMalformed() throws Exception {
    assertAnswer(400, "malformed request body", failingWith(new DecoderException("bad chunk")));
    assertAnswer(400, "malformed request body", failingWith(new IOException("connection reset")));
    assertAnswer(400, "malformed request body", failingWith(new HttpClosedException("closed")));
  }

  @Test
  void anIllegalArgumentIsOursWhereverItWasThrown() throws Exception {
    assertAnswer(500, "internal error", failingWith(new IllegalArgumentException("empty name")));
  }
}
