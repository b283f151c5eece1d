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
  /** The value of the event's only data line so far (null once a second one joined it in {@link #data}). */
  private String firstData;
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
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
    if (partialLength == 0) {
      checkSize(to - from);
      processLine(bytes, from, to);
    } else {
      holdPartial(bytes, from, to);
      int length = partialLength;
      partialLength = 0;
      processLine(partialLine, 0, length);
    }
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

  /**
   * One line, as bytes: the field name is matched on the bytes and only an {@code event} or {@code data} value is
   * decoded (comments, {@code id} and {@code retry} never are). Field names are ASCII, so a UTF-8 value starts
   * after the colon whatever it holds.
   */
  private void processLine(byte[] bytes, int from, int to) {
    if (from == to) {
      dispatch();
      return;
    }
    if (bytes[from] == ':') {
      return; // comment, e.g. a keep-alive
    }
    int colon = -1;
    for (int i = from; i < to; i++) {
      if (bytes[i] == ':') {
        colon = i;
        break;
      }
    }
    int fieldEnd = colon < 0 ? to : colon;
    int valueStart = colon < 0 ? to : colon + 1;
    if (valueStart < to && bytes[valueStart] == ' ') {
      valueStart++; // one optional space after the colon belongs to the syntax, not the value
    }
    if (isField(bytes, from, fieldEnd, DATA)) {
      appendData(bytes, valueStart, to, to - from);
    } else if (isField(bytes, from, fieldEnd, EVENT)) {
      eventName = valueStart == to ? null : new String(bytes, valueStart, to - valueStart, StandardCharsets.UTF_8);
    } // id and retry: the proxy never reconnects upstream
  }

  private static boolean isField(byte[] bytes, int from, int to, byte[] name) {
    if (to - from != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (bytes[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** The usual event has one data line: its value is decoded once and kept; a second line joins them. */
  private void appendData(byte[] bytes, int from, int to, int lineBytes) {
    eventBytes += lineBytes;
    checkSize(0);
    String value = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    if (!hasData) {
      firstData = value;
    } else {
      if (firstData != null) {
        data.append(firstData);
        firstData = null;
      }
      data.append('\n').append(value);
    }
    hasData = true;
  }

  private void dispatch() {
    if (hasData) { // an event without data lines is not dispatched
      String event = eventName;
      String payload = firstData != null ? firstData : data.toString();
      reset();
      handler.onEvent(event, payload);
    } else {
      reset();
    }
  }

  private void reset() {
    eventName = null;
    data.setLength(0);
    firstData = null;
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
