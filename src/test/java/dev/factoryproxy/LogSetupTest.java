package dev.factoryproxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.factoryproxy.config.ProxyConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
  void textFormatIsTheReadableLine() {
    LogSetup.apply(new ProxyConfig.Logging("INFO", false));
    assertInstanceOf(TextLineEncoder.class, console().getEncoder());
  }

  @Test
  void textLinesAreWhatLogbacksPatternWrites() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    PatternLayoutEncoder pattern = new PatternLayoutEncoder();
    pattern.setContext(context);
    pattern.setPattern(LogSetup.TEXT_PATTERN);
    pattern.start();
    TextLineEncoder text = new TextLineEncoder();
    text.setContext(context);
    text.start();
    Logger shortName = context.getLogger("Main");
    Logger longName = context.getLogger("dev.factoryproxy.upstream.UpstreamVerticle");
    Exception cause = new IllegalStateException("inner");
    List<LoggingEvent> events = List.of(
      new LoggingEvent("x", shortName, Level.INFO, "started in {} ms", null, new Object[] {42}),
      new LoggingEvent("x", longName, Level.WARN, "key {} cooling down: \u00e9", null, new Object[] {"k-1a2b"}),
      new LoggingEvent("x", longName, Level.ERROR, "failed", new RuntimeException("outer", cause), null),
      new LoggingEvent("x", shortName, Level.DEBUG, "", null, null),
      new LoggingEvent("x", shortName, Level.TRACE, "multi\nline", null, null));
    for (LoggingEvent event : events) {
      event.setTimeStamp(1_764_766_245_007L + event.getMessage().length() * 3_600_001L);
      assertEquals(new String(pattern.encode(event), StandardCharsets.UTF_8),
        new String(text.encode(event), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anOperatorsLogbackFileKeepsItsAppendersAndGetsTheLevel() {
    LogSetup.apply(new ProxyConfig.Logging("INFO", false));
    System.setProperty("logback.configurationFile", "/etc/factory-proxy/logback.xml");
    try {
      LogSetup.apply(new ProxyConfig.Logging("WARN", true));
      assertInstanceOf(TextLineEncoder.class, console().getEncoder());
      assertEquals("WARN", ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel().toString());
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
