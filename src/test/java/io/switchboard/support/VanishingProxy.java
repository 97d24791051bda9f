package io.switchboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a server, whose host can vanish: what a database host powered off or cut from
 * the network looks like to its clients. Its connections are never closed and nothing comes back on them, ever; new
 * ones are taken and answer nothing either. When the host comes back, new connections reach the server again, and
 * the ones it had stay dead, as a real host's would, until their client closes them.
 */
public final class VanishingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private volatile boolean vanished;

  private VanishingProxy(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  public static VanishingProxy start(int targetPort) throws IOException {
    VanishingProxy proxy = new VanishingProxy(new ServerSocket(0, 128, InetAddress.getLoopbackAddress()), targetPort);
    daemon(proxy::acceptUntilClosed, "proxy-accept");
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Every connection open now answers nothing from here on, and so does every new one. */
  public void vanish() {
    vanished = true;
    links.forEach(link -> link.cut = true);
  }

  /** New connections reach the server again; the ones cut stay cut. */
  public void comeBack() {
    vanished = false;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Link link : links) {
      link.close();
    }
  }

  private void acceptUntilClosed() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException closed) {
        return;
      }
      Socket server;
      try {
        server = vanished ? null : new Socket(InetAddress.getLoopbackAddress(), targetPort);
      } catch (IOException refused) {
        // The server itself is down: so is this connection.
        server = null;
      }
      Link link = new Link(client, server);
      links.add(link);
      // A vanish() while this connection was being made reached the links before it was one of them.
      if (server == null || vanished) {
        link.cut = true;
      }
      Socket upstream = server;
      daemon(() -> link.pump(client, upstream), "proxy-up");
      if (upstream != null) {
        daemon(() -> link.pump(upstream, client), "proxy-down");
      }
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** One client's connection and the server's, if the host was there when it came. */
  private final class Link {

    private final Socket client;
    private final Socket server;
    /** Whatever arrives from either side is dropped: read, so that neither side sees a full window, and lost. */
    private volatile boolean cut;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    /** Copies {@code from} to {@code to} until either closes or the link is cut; then drops what comes. */
    void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16_384];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to == null ? null : to.getOutputStream();
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          if (!cut && out != null) {
            out.write(buffer, 0, read);
          }
        }
      } catch (IOException closed) {
        // Either side is gone.
      }
      close();
    }

    void close() {
      links.remove(this);
      for (Socket socket : new Socket[] {client, server}) {
        try {
          if (socket != null) {
            socket.close();
          }
        } catch (IOException ignored) {
          // Closing is all that is left to do.
        }
      }
    }
  }
}
