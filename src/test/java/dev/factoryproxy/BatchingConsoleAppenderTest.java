package dev.factoryproxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BatchingConsoleAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("test");

  BatchingConsoleAppenderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  /** Counts write calls, so a test can see that lines went out in one batch. */
  private static final class CountingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> writes = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      writes.add(1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      writes.add(len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private BatchingConsoleAppender appender(OutputStream out, int capacity) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    BatchingConsoleAppender appender = new BatchingConsoleAppender(out, capacity);
    appender.setContext(context);
    appender.setName("CONSOLE");
    appender.setEncoder(encoder);
    return appender;
  }

  private LoggingEvent event(String message, Object... args) {
    return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, args);
  }

  @Test
  void queuedLinesGoOutInOrderInOneWrite() {
    CountingStream out = new CountingStream();
    BatchingConsoleAppender appender = appender(out, 100);
    for (int i = 1; i <= 3; i++) {
      appender.append(event("line {}", i)); // queued only: nothing written by the caller
    }
    assertEquals("", out.text());
    appender.writeQueued();
    assertEquals("INFO line 1\nINFO line 2\nINFO line 3\n", out.text());
    assertEquals(List.of(out.bytes.size()), out.writes);
  }

  @Test
  void aFullQueueDropsNewLinesAndSaysHowMany() {
    CountingStream out = new CountingStream();
    BatchingConsoleAppender appender = appender(out, 2);
    for (int i = 1; i <= 5; i++) {
      appender.append(event("line {}", i));
    }
    appender.writeQueued();
    assertEquals("INFO line 1\nINFO line 2\nlog queue full: 3 line(s) dropped\n", out.text());
    appender.append(event("after"));
    appender.writeQueued();
    assertEquals("INFO line 1\nINFO line 2\nlog queue full: 3 line(s) dropped\nINFO after\n", out.text());
  }

  @Test
  void stopWritesEverythingStillQueued() {
    CountingStream out = new CountingStream();
    BatchingConsoleAppender appender = appender(out, 10_000);
    appender.start();
    for (int i = 0; i < 5_000; i++) {
      appender.doAppend(event("n={}", i));
    }
    appender.stop();
    assertFalse(appender.isStarted());
    String[] lines = out.text().split("\n");
    assertEquals(5_000, lines.length);
    for (int i = 0; i < lines.length; i++) {
      assertEquals("INFO n=" + i, lines[i]);
    }
  }

  @Test
  void theMessageIsFixedWhenLoggedNotWhenWritten() {
    CountingStream out = new CountingStream();
    BatchingConsoleAppender appender = appender(out, 10);
    StringBuilder mutable = new StringBuilder("before");
    appender.append(event("value {}", mutable));
    mutable.replace(0, mutable.length(), "after");
    appender.writeQueued();
    assertEquals("INFO value before\n", out.text());
  }
}
