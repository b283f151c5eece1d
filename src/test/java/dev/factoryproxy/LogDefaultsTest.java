package dev.factoryproxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class LogDefaultsTest {
  private final LoggerContext context = new LoggerContext();

  LogDefaultsTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private ch.qos.logback.classic.Logger root() {
    return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void withoutALogbackFileTheProxysTextOutputAtInfoFromTheStart() {
    ClassLoader noResources = new ClassLoader(null) { };
    assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new LogDefaults().configure(context, noResources));
    BatchingConsoleAppender console = (BatchingConsoleAppender) root().getAppender(LogSetup.APPENDER);
    assertInstanceOf(TextLineEncoder.class, console.getEncoder());
    assertEquals(Level.INFO, root().getLevel());
  }

  @Test
  void aLogbackFileOnTheClassPathTakesPrecedence() {
    // the test class path has logback-test.xml
    assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new LogDefaults().configure(context, getClass().getClassLoader()));
    assertNull(root().getAppender(LogSetup.APPENDER));
  }
}
