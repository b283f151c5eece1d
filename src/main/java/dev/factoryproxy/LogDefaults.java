package dev.factoryproxy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.factoryproxy.config.ProxyConfig;

/**
 * Logback's first configuration, found through {@code META-INF/services}: the proxy's text output at INFO, set up in
 * code, until {@link LogSetup#apply} applies the configured format and level. Without it logback would print
 * everything at DEBUG while the configuration is read. A {@code logback.xml} or {@code logback-test.xml} on the
 * class path, or {@code -Dlogback.configurationFile}, takes precedence (the tests use one).
 */
public final class LogDefaults extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return configure(context, LogDefaults.class.getClassLoader());
  }

  ExecutionStatus configure(LoggerContext context, ClassLoader loader) {
    if (LogSetup.operatorFile() || loader.getResource("logback-test.xml") != null
      || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogSetup.configure(context, new ProxyConfig.Logging("INFO", false));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
