package io.switchboard.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** The address a request came from, for limits: the connection's, or a trusted proxy's header when configured. */
public final class ClientAddress {

  private ClientAddress() {
  }

  /**
   * @param proxyHeader a header such as {@code X-Forwarded-For}; its last entry is the one the trusted proxy
   *                    appended, the entries before it are whatever the client chose to send
   */
  public static String of(RoutingContext ctx, Optional<String> proxyHeader) {
    Optional<String> forwarded = proxyHeader.map(ctx.request()::getHeader).map(ClientAddress::lastEntry)
        .filter(entry -> !entry.isEmpty());
    if (forwarded.isPresent()) {
      return forwarded.get();
    }
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }

  private static String lastEntry(String header) {
    return header.substring(header.lastIndexOf(',') + 1).strip();
  }
}
