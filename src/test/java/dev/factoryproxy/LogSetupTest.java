package dev.factoryproxy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import dev.factoryproxy.config.ProxyConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class LogSetupTest {

  @AfterEach
  void restoreTextLogs() {
    LogSetup.apply(new ProxyConfig.Logging("INFO", false));
  }

  private static ConsoleAppender<?> console() {
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // the console sits behind the asynchronous appender, so event loops never wait on stdout
    AsyncAppender async = (AsyncAppender) root.getAppender("ASYNC");
    return (ConsoleAppender<?>) async.getAppender("STDOUT");
  }

  @Test
  void jsonFormatSwitchesToJsonLinesEvenAfterLoggingStarted() {
    LoggerFactory.getLogger(LogSetupTest.class).info("logging is already initialised");
    LogSetup.apply(new ProxyConfig.Logging("DEBUG", true));
    assertInstanceOf(JsonEncoder.class, console().getEncoder());
    assertEquals("DEBUG", ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel().toString());
  }

  @Test
  void textFormatIsTheReadablePattern() {
    LogSetup.apply(new ProxyConfig.Logging("INFO", false));
    assertInstanceOf(PatternLayoutEncoder.class, console().getEncoder());
  }
}
