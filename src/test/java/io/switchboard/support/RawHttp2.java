package io.switchboard.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.logging.LogLevel;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 over TLS (ALPN h2) frame by frame on Netty's codec: it sends what a client library would not (a request
 * without {@code :authority}, a body that never comes) and shows what became of each stream and of the connection.
 */
public final class RawHttp2 implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel connection;
  /** Completes with the error code of the server's GOAWAY. */
  private final CompletableFuture<Long> goAway;
  private final ResetRecorder resets;

  private RawHttp2(EventLoopGroup group, Channel connection, CompletableFuture<Long> goAway, ResetRecorder resets) {
    this.group = group;
    this.connection = connection;
    this.goAway = goAway;
    this.resets = resets;
  }

  /** Connects to 127.0.0.1, trusting any certificate, and completes the TLS handshake. */
  public static RawHttp2 connect(int port) throws Exception {
    SslContext tls = SslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
        .build();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    CompletableFuture<Long> goAway = new CompletableFuture<>();
    ResetRecorder resets = new ResetRecorder();
    Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port),
                Http2FrameCodecBuilder.forClient().frameLogger(resets).build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object frame) {
                    if (frame instanceof Http2GoAwayFrame away) {
                      goAway.complete(away.errorCode());
                    }
                    ReferenceCountUtil.release(frame);
                  }
                });
          }
        })
        .connect("127.0.0.1", port).sync().channel();
    channel.pipeline().get(SslHandler.class).handshakeFuture().sync();
    return new RawHttp2(group, channel, goAway, resets);
  }

  /** The protocol the server chose by ALPN. */
  public String negotiatedProtocol() {
    return connection.pipeline().get(SslHandler.class).applicationProtocol();
  }

  /**
   * Opens a stream and sends {@code headers}, ending the stream when {@code endStream}; otherwise the request's
   * body is left to come, and never does.
   */
  public Stream open(Http2Headers headers, boolean endStream) throws Exception {
    Stream stream = new Stream();
    Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection).handler(stream).open().sync().getNow();
    channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, endStream)).sync();
    stream.reset = resets.of(channel.stream().id());
    return stream;
  }

  /** The connection is still up and the server has not said GOAWAY. */
  public boolean isUsable() {
    return connection.isActive() && !goAway.isDone();
  }

  @Override
  public void close() throws Exception {
    connection.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** One request's stream: the answer's headers and body as they arrive, and its end or reset. */
  public static final class Stream extends SimpleChannelInboundHandler<Http2StreamFrame> {

    private volatile Http2Headers headers;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Completes when the server ends the stream or resets it. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    /** Completes with the error code of the server's RST_STREAM, which may also come after the end. */
    private CompletableFuture<Long> reset;

    /** Waits for the stream's end; then the answer is complete. */
    public Stream awaitEnd(long seconds) throws Exception {
      ended.get(seconds, TimeUnit.SECONDS);
      return this;
    }

    /** The error code of the server's RST_STREAM, once it comes. */
    public long awaitReset(long seconds) throws Exception {
      return reset.get(seconds, TimeUnit.SECONDS);
    }

    public boolean wasReset() {
      return reset.isDone();
    }

    public Http2Headers headers() {
      return headers;
    }

    public int status() {
      return headers == null ? 0 : Integer.parseInt(headers.status().toString());
    }

    public synchronized String body() {
      return body.toString(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) throws Exception {
      if (frame instanceof Http2HeadersFrame head) {
        if (headers == null) {
          headers = head.headers();
        }
        if (head.isEndStream()) {
          ended.complete(null);
        }
      } else if (frame instanceof Http2DataFrame data) {
        synchronized (this) {
          data.content().readBytes(body, data.content().readableBytes());
        }
        if (data.isEndStream()) {
          ended.complete(null);
        }
      } else if (frame instanceof Http2ResetFrame) {
        ended.complete(null);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ended.completeExceptionally(new IllegalStateException("the stream closed without an end or a reset"));
    }
  }

  /**
   * Sees every RST_STREAM the codec reads. One that comes after the stream's end, as after a complete answer to a
   * request not fully sent, no longer reaches the stream's channel, which Netty has closed by then.
   */
  private static final class ResetRecorder extends Http2FrameLogger {

    private final Map<Integer, CompletableFuture<Long>> resets = new ConcurrentHashMap<>();

    ResetRecorder() {
      super(LogLevel.TRACE);
    }

    CompletableFuture<Long> of(int streamId) {
      return resets.computeIfAbsent(streamId, id -> new CompletableFuture<>());
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
      if (direction == Direction.INBOUND) {
        of(streamId).complete(errorCode);
      }
    }
  }
}
