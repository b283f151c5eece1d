package dev.factoryproxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.factoryproxy.config.ProxyConfig;
import org.slf4j.LoggerFactory;

/** Applies the configured log level and format (human-readable text, or JSON lines). */
final class LogSetup {
  private LogSetup() {
  }

  static void apply(ProxyConfig.Logging logging) {
    if (logging.json()) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(logging.level(), Level.INFO));
  }
}
