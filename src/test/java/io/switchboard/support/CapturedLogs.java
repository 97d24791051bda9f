package io.switchboard.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the server logs during each test, for tests about what it must or must not log:
 * {@code @RegisterExtension final CapturedLogs logged = CapturedLogs.all();}.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
  }

  /** Everything, from every logger. */
  public static CapturedLogs all() {
    return new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** What {@code loggerName} logs, also when it does not pass its lines on to the root (the access log). */
  public static CapturedLogs of(String loggerName) {
    return new CapturedLogs(loggerName);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.start();
    logger.addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(appender);
  }

  /** The events logged so far, oldest first. */
  public List<ILoggingEvent> events() {
    return appender.list;
  }

  /** Forgets what was logged so far, e.g. while the server started. */
  public void clear() {
    appender.list.clear();
  }
}
