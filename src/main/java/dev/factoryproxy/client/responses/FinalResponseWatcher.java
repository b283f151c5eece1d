package dev.factoryproxy.client.responses;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a Responses event stream as the client receives it and keeps the final {@code response} object, the one
 * the conversation store records (XR21). The same text serves both paths (pass-through bytes and the hub's
 * rendering), so the recording never depends on which produced it. The bytes are scanned, not decoded: only the
 * frames that name a terminal event type are decoded and parsed; a frame split over two writes is joined first.
 * One instance per stream, not thread-safe.
 */
public final class FinalResponseWatcher {
  private static final String COMPLETED = "response.completed";
  private static final String INCOMPLETE = "response.incomplete";
  private static final String FAILED = "response.failed";
  private static final byte[] PREFIX = "response.".getBytes(StandardCharsets.US_ASCII);

  /** The bytes after the last complete frame (the start of a frame still arriving). */
  private byte[] partial = new byte[0];
  private JsonObject last;
  private boolean failed;

  /** The next part of the stream text (whole frames or not). */
  public void feed(String text) {
    feed(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The same as UTF-8 bytes, as written to the client; the array is not changed or kept. */
  public void feed(byte[] chunk) {
    byte[] bytes = chunk;
    if (partial.length > 0) {
      bytes = Arrays.copyOf(partial, partial.length + chunk.length);
      System.arraycopy(chunk, 0, bytes, partial.length, chunk.length);
    }
    int end = lastFrameEnd(bytes);
    if (end < 0) {
      partial = bytes == chunk ? chunk.clone() : bytes;
      return;
    }
    if (namesTerminal(bytes, end)) {
      readFrames(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }
    partial = Arrays.copyOfRange(bytes, end, bytes.length);
  }

  /** The index after the last blank line ("\n\n"), or -1. */
  private static int lastFrameEnd(byte[] bytes) {
    for (int i = bytes.length - 1; i > 0; i--) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Whether {@code response.completed}, {@code .incomplete} or {@code .failed} occurs before {@code end}. */
  private static boolean namesTerminal(byte[] bytes, int end) {
    for (int i = 0; i + PREFIX.length < end; i++) {
      if (bytes[i] == 'r' && startsWith(bytes, i, PREFIX, end)) {
        int next = i + PREFIX.length;
        byte b = bytes[next];
        if (b == 'c' && startsWith(bytes, next, "completed", end)
          || b == 'i' && startsWith(bytes, next, "incomplete", end)
          || b == 'f' && startsWith(bytes, next, "failed", end)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] bytes, int at, String ascii, int end) {
    return startsWith(bytes, at, ascii.getBytes(StandardCharsets.US_ASCII), end);
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix, int end) {
    if (at + prefix.length > end) {
      return false;
    }
    for (int j = 0; j < prefix.length; j++) {
      if (bytes[at + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }

  /** Only the frames that may change the outcome are parsed: the terminal ones and errors. */
  private void readFrames(String frames) {
    int start = 0;
    while (start < frames.length()) {
      int end = frames.indexOf("\n\n", start);
      String frame = frames.substring(start, end < 0 ? frames.length() : end);
      start = end < 0 ? frames.length() : end + 2;
      if (frame.contains(COMPLETED) || frame.contains(INCOMPLETE) || frame.contains(FAILED)
        || frame.startsWith("event: error") || frame.contains("\"type\":\"error\"")
        || frame.contains("\"type\": \"error\"")) {
        read(frame);
      }
    }
  }

  private void read(String frame) {
    StringBuilder data = null;
    for (String line : frame.split("\n")) {
      if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    if (data == null || !data.toString().strip().startsWith("{")) {
      return;
    }
    JsonObject event;
    try {
      event = new JsonObject(data.toString());
    } catch (DecodeException notJson) {
      return;
    }
    String type = event.getValue("type") instanceof String t ? t : "";
    if (type.equals(FAILED) || type.equals("error")) {
      failed = true;
    } else if ((type.equals(COMPLETED) || type.equals(INCOMPLETE)) && event.getValue("response") instanceof
      JsonObject response) {
      last = response;
    }
  }

  /** The final response ({@code completed} or {@code incomplete}); null when there was none or the stream failed. */
  public JsonObject finalResponse() {
    return failed ? null : last;
  }
}
