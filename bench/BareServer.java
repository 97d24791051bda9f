import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;

/**
 * The framework's limit for the benchmark: a bare Vert.x HTTP server, one verticle per core like Switchboard's,
 * that answers every request with the same fixed TwiML once its body has arrived. No router, no parsing, no
 * signature check, no event bus. Run with {@code java -cp target/switchboard.jar bench/BareServer.java PORT}.
 */
public class BareServer {

  private static final Buffer TWIML = Buffer.buffer(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial timeout=\"60\"><Client>DeviceId_0001</Client>"
          + "</Dial></Response>");

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores));
    vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            return vertx.createHttpServer()
                .requestHandler(request -> request.end().onComplete(done -> request.response()
                    .putHeader("Content-Type", "application/xml")
                    .end(TWIML)))
                .listen(port);
          }
        }, new DeploymentOptions().setInstances(cores))
        .onSuccess(id -> System.out.println("Bare server listening on " + port))
        .onFailure(failure -> {
          failure.printStackTrace();
          System.exit(1);
        });
  }
}
