package dev.factoryproxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.factoryproxy.config.ProxyConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured log level and format: human-readable text ({@code logback.xml}) or JSON lines
 * ({@code logback-json.xml}, where key-value pairs such as the access log's become fields). The context is
 * configured explicitly, so the choice holds even if a logger was created before this runs.
 */
final class LogSetup {
  private LogSetup() {
  }

  static void apply(ProxyConfig.Logging logging) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    String file = logging.json() ? "/logback-json.xml" : "/logback.xml";
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(LogSetup.class.getResource(file));
    } catch (JoranException e) {
      throw new IllegalStateException("cannot apply " + file, e);
    }
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(logging.level(), Level.INFO));
  }
}
