package io.switchboard;

import ch.qos.logback.classic.LoggerContext;
import io.switchboard.admin.AdminApi;
import io.switchboard.cli.CommandLine;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.ConfigSource;
import io.switchboard.config.DirectorySettings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.http.Webroot;
import io.switchboard.loadtest.LoadTestCommand;
import io.switchboard.ops.SwitchboardMetrics;
import io.switchboard.security.HashSecretCommand;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code java -jar switchboard.jar [-conf FILE]}: loads the configuration and starts the server. */
public final class Main {

  static final String DEFAULT_CONF = "conf/config.json";
  static final String USAGE = """
      Usage: java -jar switchboard.jar [-conf FILE]
             java -jar switchboard.jar hash-secret     (--help for its usage)
             java -jar switchboard.jar loadtest -conf CONF [...]   (--help for its usage)

      Starts the Switchboard server: Twilio tokens for browser softphones, TwiML for Twilio's voice webhooks,
      the softphone page, /health and /metrics. Stops gracefully on SIGTERM or Ctrl-C.

      Options:
        -conf FILE   configuration file (default: conf/config.json, relative to the working directory);
                     a logback.xml beside it replaces the built-in logging configuration
        --help       print this help

      Environment:
        %s          overrides twilio.authToken
        %s      overrides twilio.apiKeySecret
      """.formatted(ConfigLoader.AUTH_TOKEN_ENV, ConfigLoader.API_KEY_SECRET_ENV);

  private static final CommandLine COMMAND_LINE = new CommandLine("switchboard", USAGE);

  /** Past this, a stop that is still draining is cut short: an orchestrator's kill usually follows soon after. */
  private static final long STOP_DEADLINE_SECONDS = 4;

  private Main() {
  }

  public static void main(String[] args) {
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    System.exit(switch (args.length > 0 ? args[0] : "") {
      case "hash-secret" -> HashSecretCommand.run(rest, System.out, System.err);
      case "loadtest" -> LoadTestCommand.run(rest, System.out, System.err);
      default -> COMMAND_LINE.run(args, System.out, System.err, Main::serve);
    });
  }

  /** @return the exit status, once the server has stopped or could not start */
  private static int serve(CommandLine.Arguments arguments) {
    Path confFile = Path.of(DEFAULT_CONF);
    while (arguments.hasNext()) {
      String argument = arguments.next();
      switch (argument) {
        case "-conf", "--conf" -> confFile = Path.of(arguments.value(argument));
        default -> throw arguments.unknown(argument);
      }
    }
    useLoggingConfigurationBeside(confFile);
    ConfigSource source = new ConfigSource(confFile, System.getenv());
    SwitchboardConfig config;
    try {
      config = source.load();
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      return 2;
    }
    return start(config, source);
  }

  /** Must run before the first logger is created: logback reads its configuration once, at that moment. */
  private static void useLoggingConfigurationBeside(Path confFile) {
    Path logback = confFile.toAbsolutePath().resolveSibling("logback.xml");
    if (System.getProperty("logback.configurationFile") == null && Files.isReadable(logback)) {
      System.setProperty("logback.configurationFile", logback.toString());
    }
  }

  private static int start(SwitchboardConfig config, ConfigSource source) {
    Logger log = LoggerFactory.getLogger(Main.class);
    warnAboutWeakSettings(log, config);
    log.info("Configuration {}: {}, {}", source.file(), config.directory().source() == DirectorySettings.Source.FILE
        ? config.directory().entries().size() + " directory entries" : "the directory from the store", config.twilio());
    log.info("Serving the page from {}",
        Webroot.folder(config.http()).map(Path::toString).orElse("the copy inside the jar"));
    SwitchboardMetrics metrics = new SwitchboardMetrics();
    Vertx vertx;
    try {
      vertx = ServerVertx.start(metrics, config.cluster()).await();
    } catch (Exception e) {
      log.error("Switchboard could not join its cluster: {}", e.getMessage());
      return 1;
    }
    SwitchboardVerticle switchboard = new SwitchboardVerticle(config, Optional.of(source), metrics);
    try {
      vertx.deployVerticle(switchboard).await();
    } catch (Exception e) {
      log.error("Switchboard could not start: {}", e.getMessage());
      vertx.close().await();
      return 1;
    }
    String scheme = config.http().tls().isPresent() ? "https" : "http";
    log.info("Switchboard listening on {}://{}:{}", scheme, config.http().host(), config.http().port());
    if (config.cluster().enabled()) {
      log.info("Cluster {}: this node at {}:{}, members {}", config.cluster().name(), config.cluster().host(),
          config.cluster().port(), String.join(", ", config.cluster().members()));
    }
    config.management().ifPresent(management -> log.info("Health and metrics on http://{}:{}",
        management.host(), management.port()));
    log.info(config.admin().enabled() ? "Admin API on {}" : "Admin API off (it needs directory.source \"store\" and"
        + " admin.users): {} answers 404", AdminApi.DIRECTORY);

    // The main thread waits for the signal and does the stopping itself: signal handlers run on daemon threads,
    // which the JVM does not wait for once Vert.x's own threads have ended.
    String signal = stopSignal().join();
    log.info("SIG{}: stopping; requests in flight may finish", signal);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_DEADLINE_SECONDS);
      // Awaited one after the other from this thread: closing Vert.x from one of its own callbacks never completes.
      switchboard.drain().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      vertx.close().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      log.info("Stopped");
    } catch (Exception e) {
      log.warn("Stopping took longer than {} s; exiting anyway", STOP_DEADLINE_SECONDS);
    }
    flushLogs();
    return 0;
  }

  /** Asynchronous appenders (the access log's) write what they still hold: System.exit would not wait for them. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }

  /** Not a shutdown hook: with one, SIGTERM ends the JVM with status 143, not the documented 0 of a clean stop. */
  private static CompletableFuture<String> stopSignal() {
    CompletableFuture<String> received = new CompletableFuture<>();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> received.complete(signal.getName()));
    }
    return received;
  }

  private static void warnAboutWeakSettings(Logger log, SwitchboardConfig config) {
    if (config.twilio().usesPlaceholderAccount()) {
      log.warn("twilio.accountSid is the all-zero placeholder: tokens are issued, but Twilio will refuse them. "
          + "Put your account's SIDs in the configuration and its secrets in {} and {}.",
          ConfigLoader.AUTH_TOKEN_ENV, ConfigLoader.API_KEY_SECRET_ENV);
    }
    // With the store as the source, the file's entries are only what the first start imports.
    config.directory().entries().entries().stream()
        .filter(entry -> config.directory().source() == DirectorySettings.Source.FILE && entry.secret().isEmpty())
        .forEach(entry -> log.warn("Directory entry {} has no secretHash: anyone who knows the number gets tokens"
            + " for {} (add one with: java -jar switchboard.jar hash-secret)", entry.phoneNumber(),
            String.join(", ", entry.clients())));
    if (!config.twilio().validateSignatures()) {
      log.warn("twilio.validateSignatures is false: anyone can post webhooks and read the TwiML they produce.");
    }
  }
}
