package dev.factoryproxy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
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

  private static BatchingConsoleAppender console() {
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // the console writes from its own thread, so event loops never wait on stdout
    return (BatchingConsoleAppender) root.getAppender(LogSetup.APPENDER);
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
    PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, console().getEncoder());
    assertEquals("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n", encoder.getPattern());
  }

  @Test
  void anOperatorsLogbackFileKeepsItsAppendersAndGetsTheLevel() {
    LogSetup.apply(new ProxyConfig.Logging("INFO", false));
    System.setProperty("logback.configurationFile", "/etc/factory-proxy/logback.xml");
    try {
      LogSetup.apply(new ProxyConfig.Logging("WARN", true));
      assertInstanceOf(PatternLayoutEncoder.class, console().getEncoder());
      assertEquals("WARN", ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel().toString());
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
