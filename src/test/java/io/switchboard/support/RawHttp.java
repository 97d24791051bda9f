package io.switchboard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A request written byte for byte on a socket: what a hostile client sends, with no client library tidying it. */
public final class RawHttp {

  private RawHttp() {
  }

  /** Sends {@code head} (request line and headers, CRLF-separated, no final blank line) and reads the answer. */
  public static String exchange(int port, String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      return readAll(socket.getInputStream());
    }
  }

  public static String get(int port, String rawPath) throws IOException {
    return exchange(port, "GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1");
  }

  public static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toString(StandardCharsets.UTF_8);
  }

  public static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }
}
