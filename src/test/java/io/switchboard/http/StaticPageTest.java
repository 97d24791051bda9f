package io.switchboard.http;

import io.switchboard.support.RawHttp;
import io.switchboard.support.TestConfig;
import io.switchboard.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class StaticPageTest {

  @Test
  void rootServesTheIndexPageOfTheConfiguredFolder(Vertx vertx, @TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("index.html"), "<!doctype html><title>from the folder</title>");
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("webroot", folder.toString());
    TestServer server = TestServer.start(vertx, config).await();

    HttpResponse<Buffer> response = server.client().get("/").send().await();

    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(response.bodyAsString().contains("from the folder"));
  }

  @Test
  void symbolicLinkOutOfTheWebrootIsNotFollowed(Vertx vertx, @TempDir Path folder) throws Exception {
    Path webroot = Files.createDirectory(folder.resolve("webroot"));
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>page</title>");
    Path outside = Files.writeString(folder.resolve("outside.txt"), "SECRET-OUTSIDE");
    Files.createSymbolicLink(webroot.resolve("leak.txt"), outside);
    Files.createSymbolicLink(webroot.resolve("leakdir"), folder);
    Files.createSymbolicLink(webroot.resolve("alias.html"), webroot.resolve("index.html"));
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("webroot", webroot.toString());
    TestServer server = TestServer.start(vertx, config).await();

    HttpResponse<Buffer> leak = server.client().get("/leak.txt").send().await();
    assertEquals(404, leak.statusCode());

    HttpResponse<Buffer> leakDir = server.client().get("/leakdir/outside.txt").send().await();
    assertEquals(404, leakDir.statusCode());
    assertTrue(!leakDir.bodyAsString().contains("SECRET-OUTSIDE"));

    HttpResponse<Buffer> alias = server.client().get("/alias.html").send().await();
    assertEquals(200, alias.statusCode(), "a link that stays inside the webroot is fine");
  }

  @Test
  void linkOutOfTheWebrootIsNotFollowedThroughAnEncodedSlashNorABackslash(Vertx vertx, @TempDir Path folder)
      throws Exception {
    Path webroot = Files.createDirectory(folder.resolve("webroot"));
    Files.writeString(folder.resolve("outside.txt"), "SECRET-OUTSIDE");
    Files.createSymbolicLink(webroot.resolve("leakdir"), folder);
    TestServer server = TestServer.start(vertx, webrootConfig(webroot)).await();

    for (String path : List.of("/leakdir%2Foutside.txt", "/leakdir%2foutside.txt", "/leakdir%5Coutside.txt",
        "/leakdir\\outside.txt")) {
      String response = RawHttp.get(server.port(), path);
      assertEquals(404, RawHttp.status(response), path + " answered:\n" + response);
      assertFalse(response.contains("SECRET-OUTSIDE"), path);
    }
  }

  @Test
  void filesAndFoldersWhoseNameStartsWithADotAreNotServed(Vertx vertx, @TempDir Path webroot) throws Exception {
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>page</title>");
    Files.writeString(webroot.resolve(".secret"), "SECRET-DOTFILE");
    Files.writeString(Files.createDirectories(webroot.resolve(".hidden/dir")).resolve("file"), "SECRET-DOTFOLDER");
    Files.writeString(Files.createDirectories(webroot.resolve("visible/.env")).resolve("file"), "SECRET-DEEPER");
    TestServer server = TestServer.start(vertx, webrootConfig(webroot)).await();

    for (String path : List.of("/.secret", "/%2esecret", "/%2Esecret", "/visible/../.secret", "/.hidden/dir/file",
        "/%2ehidden/dir/file", "/.hidden%2Fdir%2Ffile", "/visible/.env/file", "/visible%2F.env%2Ffile",
        "/visible\\.env\\file", "/.hidden/")) {
      String response = RawHttp.get(server.port(), path);
      assertEquals(404, RawHttp.status(response), path + " answered:\n" + response);
      assertFalse(response.contains("SECRET-"), path);
      assertTrue(response.contains("{\"error\":\"not found\"}"), path + " answered:\n" + response);
    }
    assertEquals(200, server.client().get("/").send().await().statusCode(), "the rest is still served");
  }

  @Test
  void aRangeBeyondTheFileIsRefusedWithItsOwnReason(Vertx vertx, @TempDir Path webroot) throws Exception {
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>twelve</title>");
    TestServer server = TestServer.start(vertx, webrootConfig(webroot)).await();

    HttpResponse<Buffer> response = server.client().get("/index.html").putHeader("Range", "bytes=5000-6000")
        .send().await();

    assertEquals(416, response.statusCode());
    assertEquals(new JsonObject().put("error", "range not satisfiable"), response.bodyAsJsonObject());
  }

  @Test
  void unknownPathIsANotFoundInJson(Vertx vertx) {
    TestServer server = TestServer.start(vertx).await();

    HttpResponse<Buffer> response = server.client().get("/no/such/page.html").send().await();

    assertEquals(404, response.statusCode());
    assertEquals("not found", response.bodyAsJsonObject().getString("error"));
  }

  private static JsonObject webrootConfig(Path webroot) {
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("webroot", webroot.toString());
    return config;
  }

  @Test
  void thePagesFilesAreRevalidatedRatherThanKeptAsImmutable(Vertx vertx, @TempDir Path webroot) throws Exception {
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>page</title>");
    JsonObject config = TestConfig.json(TestConfig.freePort());
    config.getJsonObject("http").put("webroot", webroot.toString());
    TestServer server = TestServer.start(vertx, config).await();

    HttpResponse<Buffer> page = server.client().get("/index.html").send().await();
    HttpResponse<Buffer> again = server.client().get("/index.html")
        .putHeader("If-Modified-Since", page.getHeader("Last-Modified")).send().await();
    HttpResponse<Buffer> vendor = server.client().get("/vendor/twilio/dist/twilio.min.js").send().await();

    assertEquals(200, page.statusCode());
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    assertEquals(304, again.statusCode(), "an unchanged file costs a 304");
    assertEquals("no-cache", vendor.getHeader("Cache-Control"));
  }
}
