package dev.factoryproxy.client.responses;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads a Responses event stream as the client receives it and keeps the final {@code response} object, the one
 * the conversation store records (XR21). The same text serves both paths (pass-through bytes and the hub's
 * rendering), so the recording never depends on which produced it. Only frames that mention a terminal event type
 * are decoded; a frame split over two writes is joined first. One instance per stream, not thread-safe.
 */
public final class FinalResponseWatcher {
  private static final String COMPLETED = "response.completed";
  private static final String INCOMPLETE = "response.incomplete";
  private static final String FAILED = "response.failed";

  private final StringBuilder partial = new StringBuilder();
  private JsonObject last;
  private boolean failed;

  /** The next part of the stream text (whole frames or not). */
  public void feed(String text) {
    partial.append(text);
    int end = partial.lastIndexOf("\n\n");
    if (end < 0) {
      return;
    }
    String frames = partial.substring(0, end + 2);
    partial.delete(0, end + 2);
    if (frames.contains(COMPLETED) || frames.contains(INCOMPLETE) || frames.contains(FAILED)) {
      for (String frame : frames.split("\n\n")) {
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
