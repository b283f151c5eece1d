package dev.factoryproxy.upstream;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser for {@code text/event-stream} (WHATWG SSE): chunks may split lines, CRLF pairs and multi-byte
 * characters anywhere. Lines are decoded only once complete, and line ends are ASCII bytes that never occur inside
 * a UTF-8 sequence, so a split character is always reassembled before decoding. Holds at most one event.
 * Not thread-safe.
 */
public final class SseEventParser {

  /** An event grew beyond the configured limit; the parser has dropped it. */
  public static final class EventTooLargeException extends IllegalStateException {
    public EventTooLargeException(int maxEventBytes) {
      super("SSE event larger than " + maxEventBytes + " bytes");
    }
  }

  private final int maxEventBytes;
  private final SseEventHandler handler;

  /** The bytes of a line whose end has not arrived yet. */
  private byte[] partialLine = new byte[256];
  private int partialLength;
  /** The previous chunk ended with CR: a LF opening this one completes that CRLF, not a new line. */
  private boolean skipLeadingLf;

  private String eventName;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  /** Bytes of data lines held for the current event. */
  private int eventBytes;

  public SseEventParser(int maxEventBytes, SseEventHandler handler) {
    this.maxEventBytes = maxEventBytes;
    this.handler = handler;
  }

  /** Parses a chunk, dispatching every event it completes. */
  public void feed(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    int lineStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (skipLeadingLf) {
        skipLeadingLf = false;
        if (b == '\n') {
          lineStart = i + 1;
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        completeLine(bytes, lineStart, i);
        skipLeadingLf = b == '\r';
        lineStart = i + 1;
      }
    }
    holdPartial(bytes, lineStart, bytes.length);
  }

  /** The stream ended: an event without its closing blank line is discarded, as the SSE spec says. */
  public void end() {
    reset();
    partialLength = 0;
    skipLeadingLf = false;
  }

  private void completeLine(byte[] bytes, int from, int to) {
    String line;
    int lineBytes;
    if (partialLength == 0) {
      lineBytes = to - from;
      checkSize(lineBytes);
      line = new String(bytes, from, lineBytes, StandardCharsets.UTF_8);
    } else {
      holdPartial(bytes, from, to);
      lineBytes = partialLength;
      line = new String(partialLine, 0, partialLength, StandardCharsets.UTF_8);
      partialLength = 0;
    }
    processLine(line, lineBytes);
  }

  private void holdPartial(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length == 0) {
      return;
    }
    checkSize(partialLength + length);
    if (partialLength + length > partialLine.length) {
      partialLine = Arrays.copyOf(partialLine, Math.max(partialLine.length * 2, partialLength + length));
    }
    System.arraycopy(bytes, from, partialLine, partialLength, length);
    partialLength += length;
  }

  private void processLine(String line, int lineBytes) {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.charAt(0) == ':') {
      return; // comment, e.g. a keep-alive
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : valueAfter(line, colon);
    switch (field) {
      case "event" -> eventName = value.isEmpty() ? null : value;
      case "data" -> appendData(value, lineBytes);
      default -> { } // id and retry: the proxy never reconnects upstream
    }
  }

  /** One optional space after the colon belongs to the syntax, not the value. */
  private static String valueAfter(String line, int colon) {
    int start = colon + 1;
    if (start < line.length() && line.charAt(start) == ' ') {
      start++;
    }
    return line.substring(start);
  }

  private void appendData(String value, int lineBytes) {
    eventBytes += lineBytes;
    checkSize(0);
    if (hasData) {
      data.append('\n');
    }
    data.append(value);
    hasData = true;
  }

  private void dispatch() {
    if (hasData) { // an event without data lines is not dispatched
      String event = eventName;
      String payload = data.toString();
      reset();
      handler.onEvent(event, payload);
    } else {
      reset();
    }
  }

  private void reset() {
    eventName = null;
    data.setLength(0);
    hasData = false;
    eventBytes = 0;
  }

  /** Fails once the current event plus {@code pendingBytes} more would exceed the limit. */
  private void checkSize(int pendingBytes) {
    if ((long) eventBytes + pendingBytes > maxEventBytes) {
      end();
      throw new EventTooLargeException(maxEventBytes);
    }
  }
}
