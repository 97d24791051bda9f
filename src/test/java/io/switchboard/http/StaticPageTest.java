package io.switchboard.http;

import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class StaticPageTest {

  @Test
  void rootServesTheIndexPageOfTheConfiguredFolder(Vertx vertx, VertxTestContext ctx, @TempDir Path folder)
      throws Exception {
    Files.writeString(folder.resolve("index.html"), "<!doctype html><title>from the folder</title>");
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("webroot", folder.toString());
    TestServer.start(vertx, config)
        .compose(server -> server.client().get("/").send())
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(200, response.statusCode());
          assertTrue(response.getHeader("Content-Type").startsWith("text/html"));
          assertTrue(response.bodyAsString().contains("from the folder"));
          ctx.completeNow();
        })));
  }

  @Test
  void symbolicLinkOutOfTheWebrootIsNotFollowed(Vertx vertx, VertxTestContext ctx, @TempDir Path folder)
      throws Exception {
    Path webroot = Files.createDirectory(folder.resolve("webroot"));
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>page</title>");
    Path outside = Files.writeString(folder.resolve("outside.txt"), "SECRET-OUTSIDE");
    Files.createSymbolicLink(webroot.resolve("leak.txt"), outside);
    Files.createSymbolicLink(webroot.resolve("leakdir"), folder);
    Files.createSymbolicLink(webroot.resolve("alias.html"), webroot.resolve("index.html"));
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("webroot", webroot.toString());
    TestServer.start(vertx, config)
        .compose(server -> server.client().get("/leak.txt").send()
            .compose(leak -> {
              ctx.verify(() -> assertEquals(404, leak.statusCode()));
              return server.client().get("/leakdir/outside.txt").send();
            })
            .compose(leakDir -> {
              ctx.verify(() -> {
                assertEquals(404, leakDir.statusCode());
                assertTrue(!leakDir.bodyAsString().contains("SECRET-OUTSIDE"));
              });
              return server.client().get("/alias.html").send();
            }))
        .onComplete(ctx.succeeding(alias -> ctx.verify(() -> {
          assertEquals(200, alias.statusCode(), "a link that stays inside the webroot is fine");
          ctx.completeNow();
        })));
  }

  @Test
  void unknownPathIsANotFoundInJson(Vertx vertx, VertxTestContext ctx) {
    TestServer.start(vertx)
        .compose(server -> server.client().get("/no/such/page.html").send())
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertEquals(404, response.statusCode());
          assertEquals("not found", response.bodyAsJsonObject().getString("error"));
          ctx.completeNow();
        })));
  }
}
