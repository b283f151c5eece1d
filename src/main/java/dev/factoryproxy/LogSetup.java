package dev.factoryproxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import dev.factoryproxy.config.ProxyConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured log level and format: human-readable text lines or JSON lines (where key-value pairs
 * such as the access log's become fields). The context is configured in code rather than from XML: parsing a
 * logback.xml costs a single-core node about a tenth of its start-up. The context is reset first, so the choice
 * holds even if a logger was created before this runs. An operator's own {@code -Dlogback.configurationFile}
 * wins: then only the level is applied. Until the configuration is read, {@link LogDefaults} gives logback the
 * same output at INFO.
 */
final class LogSetup {
  /** What {@link TextLineEncoder} writes, as a logback pattern (an operator's own logback file may use it). */
  static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
  static final String APPENDER = "CONSOLE";
  private static final int QUEUE_CAPACITY = 8192;

  private LogSetup() {
  }

  static void apply(ProxyConfig.Logging logging) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (!operatorFile() && !configuredAs(context, logging)) {
      configure(context, logging);
    } else {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(logging.level(), Level.INFO));
    }
  }

  /** Whether {@link LogDefaults} (or an earlier call) set up this format already: then only the level changes. */
  private static boolean configuredAs(LoggerContext context, ProxyConfig.Logging logging) {
    if (!(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER)
      instanceof BatchingConsoleAppender console)) {
      return false;
    }
    Encoder<ILoggingEvent> encoder = console.getEncoder();
    return logging.json() ? encoder instanceof JsonEncoder : encoder instanceof TextLineEncoder;
  }

  /** Whether the operator named a logback file of their own ({@code -Dlogback.configurationFile}). */
  static boolean operatorFile() {
    return System.getProperty("logback.configurationFile") != null;
  }

  /** Replaces whatever the context had with the proxy's console output in the given format and level. */
  static void configure(LoggerContext context, ProxyConfig.Logging logging) {
    context.reset();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(console(context, logging.json() ? jsonEncoder(context) : textEncoder(context)));
    root.setLevel(Level.toLevel(logging.level(), Level.INFO));
    context.getLogger("com.hazelcast").setLevel(Level.WARN);
    context.getLogger("io.netty").setLevel(Level.INFO);
    // Vert.x's Micrometer metrics register their gauges again for each connection and request on purpose; the
    // registry's one-time "already registered" warning about that says nothing an operator can act on.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
  }

  /** Writes what is still queued (call before the JVM exits). */
  static void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }

  /** Event loops never wait on stdout: see {@link BatchingConsoleAppender}. */
  private static BatchingConsoleAppender console(LoggerContext context, Encoder<ILoggingEvent> encoder) {
    BatchingConsoleAppender console = new BatchingConsoleAppender(System.out, QUEUE_CAPACITY);
    console.setContext(context);
    console.setName(APPENDER);
    console.setEncoder(encoder);
    console.start();
    return console;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    TextLineEncoder encoder = new TextLineEncoder();
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.start();
    return encoder;
  }
}
