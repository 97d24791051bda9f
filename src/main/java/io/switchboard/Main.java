package io.switchboard;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.http.Webroot;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** {@code java -jar switchboard.jar [-conf FILE]}: loads the configuration and starts the server. */
public final class Main {

  static final String DEFAULT_CONF = "conf/config.json";
  static final String USAGE = """
      Usage: java -jar switchboard.jar [-conf FILE]

      Starts the Switchboard server: Twilio tokens for browser softphones, TwiML for Twilio's voice webhooks,
      and the softphone page.

      Options:
        -conf FILE   configuration file (default: conf/config.json, relative to the working directory)
        --help       print this help

      Environment:
        %s          overrides twilio.authToken
        %s      overrides twilio.apiKeySecret
      """.formatted(ConfigLoader.AUTH_TOKEN_ENV, ConfigLoader.API_KEY_SECRET_ENV);

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Path confFile = Path.of(DEFAULT_CONF);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-h", "--help", "help" -> {
          System.out.print(USAGE);
          return;
        }
        case "-conf", "--conf" -> {
          if (i + 1 == args.length) {
            exitWithUsage("-conf needs a file name");
          }
          confFile = Path.of(args[++i]);
        }
        default -> exitWithUsage("unknown argument: " + args[i]);
      }
    }
    SwitchboardConfig config;
    try {
      config = ConfigLoader.load(confFile, System.getenv());
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.exit(2);
      return;
    }
    start(config, confFile);
  }

  private static void start(SwitchboardConfig config, Path confFile) {
    warnAboutWeakSettings(config);
    LOG.info("Configuration {}: {} directory entries, {}", confFile, config.directory().size(), config.twilio());
    LOG.info("Serving the page from {}",
        Webroot.folder(config.http()).map(Path::toString).orElse("the copy inside the jar"));
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new SwitchboardVerticle(config))
        .onSuccess(id -> LOG.info("Switchboard listening on http://{}:{}", config.http().host(), config.http().port()))
        .onFailure(error -> {
          LOG.error("Switchboard could not start: {}", error.getMessage());
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }

  private static void warnAboutWeakSettings(SwitchboardConfig config) {
    if (config.twilio().usesPlaceholderAccount()) {
      LOG.warn("twilio.accountSid is the all-zero placeholder: tokens are issued, but Twilio will refuse them. "
          + "Put your account's SIDs in the configuration and its secrets in {} and {}.",
          ConfigLoader.AUTH_TOKEN_ENV, ConfigLoader.API_KEY_SECRET_ENV);
    }
    if (!config.twilio().validateSignatures()) {
      LOG.warn("twilio.validateSignatures is false: anyone can post webhooks and read the TwiML they produce.");
    }
  }

  private static void exitWithUsage(String problem) {
    System.err.println("switchboard: " + problem);
    System.err.print(USAGE);
    System.exit(2);
  }
}
