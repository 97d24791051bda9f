package io.switchboard.http;

import io.switchboard.support.BareRouter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CorsPolicy} alone on a bare router. */
class CorsPolicyTest {

  private static final String ALLOWED = "https://phone.example.com";

  private static BareRouter router;

  @BeforeAll
  static void serve() {
    router = BareRouter.serve(r -> r.route().handler(new CorsPolicy(List.of(ALLOWED))));
  }

  @AfterAll
  static void close() {
    router.close();
  }

  @Test
  void requestWithoutOriginPassesWithoutCorsHeaders() {
    HttpResponse<Buffer> response = router.client().post("/api").send().await();

    assertEquals(200, response.statusCode());
    assertEquals(BareRouter.PASSED, response.bodyAsString());
    assertNull(response.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void requestFromAnAllowedOriginPassesWithItsOriginAllowed() {
    HttpResponse<Buffer> response = router.client().post("/api").putHeader("Origin", ALLOWED).send().await();

    assertEquals(200, response.statusCode());
    assertEquals(ALLOWED, response.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void preflightFromAnAllowedOriginIsAnsweredByThePolicyItself() {
    HttpResponse<Buffer> response = router.client().request(HttpMethod.OPTIONS, "/api")
        .putHeader("Origin", ALLOWED)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type, authorization")
        .send().await();

    assertEquals(204, response.statusCode());
    assertEquals(ALLOWED, response.getHeader("Access-Control-Allow-Origin"));
    assertTrue(response.getHeader("Access-Control-Allow-Methods").contains("POST"));
    assertTrue(response.getHeader("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));
    assertEquals("600", response.getHeader("Access-Control-Max-Age"));
  }

  @Test
  void anotherOriginIsRefusedWithAndWithoutPreflight() {
    HttpResponse<Buffer> preflight = router.client().request(HttpMethod.OPTIONS, "/api")
        .putHeader("Origin", "https://evil.example.net")
        .putHeader("Access-Control-Request-Method", "POST")
        .send().await();
    HttpResponse<Buffer> post = router.client().post("/api").putHeader("Origin", "https://evil.example.net")
        .send().await();

    assertEquals(403, preflight.statusCode());
    assertEquals(403, post.statusCode());
    assertEquals("origin not allowed", post.bodyAsJsonObject().getString("error"));
    assertNull(post.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void thePagesOwnOriginAlwaysPasses() {
    String own = "http://127.0.0.1:" + router.port();

    HttpResponse<Buffer> response = router.client().post("/api").putHeader("Origin", own).send().await();

    assertEquals(200, response.statusCode());
    assertEquals(BareRouter.PASSED, response.bodyAsString());
  }

  @Test
  void anEmptyListAllowsNoOtherOrigin() {
    try (BareRouter closed = BareRouter.serve(r -> r.route().handler(new CorsPolicy(List.of())))) {
      HttpResponse<Buffer> response = closed.client().post("/api").putHeader("Origin", ALLOWED).send().await();

      assertEquals(403, response.statusCode());
    }
  }
}
