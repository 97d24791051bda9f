package io.switchboard.http;

import io.switchboard.support.BareRouter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link SecurityHeaders} alone on a bare router: the page's set on pages, the APIs' set on the APIs. */
class SecurityHeadersTest {

  static final Set<String> API_PATHS = Stream.concat(ApiPaths.ALL.stream(),
      Stream.of("/api/calls", "/api/calls/CA0123456789abcdef0123456789abcdef", "/api/no-such-route"))
      .collect(Collectors.toSet());

  private static BareRouter router;

  @BeforeAll
  static void serve() {
    router = BareRouter.serve(r -> r.route().handler(new SecurityHeaders()));
  }

  @AfterAll
  static void close() {
    router.close();
  }

  @Test
  void pagesMayLoadOnlyTheirOwnScriptsAndAreNeverFramed() {
    HttpResponse<Buffer> response = router.client().get("/index.html").send().await();

    assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, response.getHeader("Content-Security-Policy"));
    assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    assertEquals("no-referrer", response.getHeader("Referrer-Policy"));
    assertEquals("DENY", response.getHeader("X-Frame-Options"));
    assertEquals("microphone=(self), camera=(), geolocation=()", response.getHeader("Permissions-Policy"));
    assertNull(response.getHeader("Cache-Control"));
  }

  @ParameterizedTest
  @FieldSource("API_PATHS")
  void apiAnswersAllowNothingAndAreNeverStored(String path) {
    HttpResponse<Buffer> response = router.client().post(path).send().await();

    assertEquals(SecurityHeaders.API_CONTENT_SECURITY_POLICY, response.getHeader("Content-Security-Policy"));
    assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    assertEquals("no-store", response.getHeader("Cache-Control"));
    assertNull(response.getHeader("X-Frame-Options"));
  }

  @Test
  void eachHeaderIsSentOnce() {
    HttpResponse<Buffer> response = router.client().get("/").send().await();

    assertEquals(1, response.headers().getAll("Content-Security-Policy").size());
    assertEquals(1, response.headers().getAll("X-Content-Type-Options").size());
  }
}
