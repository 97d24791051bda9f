package io.switchboard.http;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Lets through only requests from this machine; others get 403. The connection alone would not do: behind a
 * reverse proxy on the same machine, every request arrives from loopback. So the client address must be loopback
 * too ({@link ClientAddress}, which reads a configured proxy header), and without such a header a request that a
 * proxy relayed is refused, since it was relayed for someone this server cannot see.
 */
final class LoopbackOnly implements Handler<RoutingContext> {

  private static final List<CharSequence> PROXY_HEADERS =
      List.of(HttpHeaders.createOptimized("Forwarded"), HttpHeaders.createOptimized("X-Forwarded-For"),
          HttpHeaders.createOptimized("X-Real-IP"));

  private final Optional<String> proxyHeader;
  private final String refusal;

  /** @param refusal the 403's message, saying what is kept to loopback and which setting opens it */
  LoopbackOnly(Optional<String> proxyHeader, String refusal) {
    this.proxyHeader = proxyHeader;
    this.refusal = refusal;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (isFromThisMachine(ctx)) {
      ctx.next();
    } else {
      ctx.fail(new HttpException(403, refusal));
    }
  }

  private boolean isFromThisMachine(RoutingContext ctx) {
    SocketAddress connection = ctx.request().remoteAddress();
    if (connection == null || !isLoopback(connection.hostAddress())) {
      return false;
    }
    if (proxyHeader.isEmpty()) {
      return PROXY_HEADERS.stream().noneMatch(ctx.request().headers()::contains);
    }
    return isLoopback(ClientAddress.of(ctx, proxyHeader));
  }

  /** Whether {@code address} is a literal IPv4 or IPv6 loopback address; names are never resolved. */
  private static boolean isLoopback(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
    try {
      return bytes != null && InetAddress.getByAddress(bytes).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
