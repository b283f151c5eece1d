package dev.factoryproxy;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text log line, {@code HH:mm:ss.SSS LEVEL logger - message}, the same as logback's pattern
 * {@value LogSetup#TEXT_PATTERN} (the stack trace of a throwable on the lines after it), written by hand: a
 * {@code PatternLayoutEncoder} parses its pattern and loads a converter class per element when it starts, about a
 * sixth of a single-core node's start-up, and walks that converter chain for every line.
 */
final class TextLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final int LOGGER_LENGTH = 20;

  private final TargetLengthBasedClassNameAbbreviator abbreviator =
    new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
  /** Abbreviated logger names; a node has a few dozen loggers. */
  private final Map<String, String> loggers = new ConcurrentHashMap<>();
  private final ZoneId zone = ZoneId.systemDefault();

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    time(line, event.getTimeStamp());
    String level = event.getLevel().toString();
    line.append(' ').append(level);
    for (int pad = level.length(); pad < 5; pad++) {
      line.append(' ');
    }
    line.append(' ').append(loggers.computeIfAbsent(event.getLoggerName(), abbreviator::abbreviate))
      .append(" - ").append(event.getFormattedMessage()).append('\n');
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  private void time(StringBuilder line, long epochMillis) {
    LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    two(line, time.getHour()).append(':');
    two(line, time.getMinute()).append(':');
    two(line, time.getSecond()).append('.');
    int millis = time.getNano() / 1_000_000;
    line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
  }

  private static StringBuilder two(StringBuilder line, int value) {
    return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
