package dev.factoryproxy.client.responses;

import dev.factoryproxy.dialect.StreamTranslation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Factory's Responses stream → the Responses client, byte for byte (XP10), watching for the end: a terminal
 * event ({@code response.completed}, {@code .incomplete}, {@code .failed}, {@code error}) ends it; an upstream body
 * that ends before one gets a {@code response.failed} event, never a made-up {@code response.completed} (XP11).
 */
public final class PassThroughStream implements StreamTranslation {
  private final String model;
  private JsonObject response;
  private long lastSequence = -1;
  private boolean done;
  private boolean failed;
  private String finishReason;
  private JsonObject usage;
  private JsonObject completedResponse;
  /** The data of the last event forwarded unread, and of the last one that carries the response object. */
  private String lastRaw;
  private String lastResponseRaw;
  private static final java.util.Set<String> TERMINAL = java.util.Set.of("response.completed",
    "response.incomplete", "response.failed", "error");

  PassThroughStream(String model) {
    this.model = model;
  }

  @Override
  public String onRawEvent(String event, String rawData) {
    return onParsedEvent(event, null, rawData);
  }

  /**
   * Only a terminal event (or one whose type the {@code event:} line does not name) is parsed: the rest are
   * forwarded unread, the last of them kept as received in case the stream breaks and its failure event needs the
   * sequence number and response they carry ({@link #onUpstreamEnd}). {@code parsed}: the caller's parse, or null.
   */
  @Override
  public String onParsedEvent(String event, JsonObject parsed, String rawData) {
    if (done || rawData == null) {
      return "";
    }
    if (isDone(rawData)) {
      return ""; // Codex reads the Responses events only; a [DONE] is not one of them
    }
    if (event == null || TERMINAL.contains(event)) {
      JsonObject data = parsed != null ? parsed : parse(rawData.strip());
      if (data != null) {
        observe(event != null ? event : data.getString("type"), data);
        lastRaw = null; // what this event said is newer than what the unread ones did
        lastResponseRaw = data.getValue("response") instanceof JsonObject ? null : lastResponseRaw;
      }
    } else if (startsObject(rawData)) {
      lastRaw = rawData;
      if (event.indexOf('.') == event.lastIndexOf('.')) { // response.created, .in_progress: the response itself
        lastResponseRaw = rawData;
      }
    }
    return verbatim(event, rawData);
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    return data == null ? onRawEvent(event, "[DONE]") : onParsedEvent(event, data, data.encode());
  }

  private static boolean isDone(String rawData) {
    return rawData.length() < 32 && "[DONE]".equals(rawData.strip());
  }

  private static boolean startsObject(String rawData) {
    for (int i = 0; i < rawData.length(); i++) {
      char c = rawData.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{';
      }
    }
    return false;
  }

  private static JsonObject parse(String trimmed) {
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(trimmed);
    } catch (DecodeException notJson) {
      return null;
    }
  }

  /** The frame as it came: every data line kept, the event name only when the upstream named one. */
  private static String verbatim(String event, String rawData) {
    StringBuilder frame = new StringBuilder(rawData.length() + (event == null ? 10 : event.length() + 18));
    if (event != null) {
      frame.append("event: ").append(event).append('\n');
    }
    int start = 0;
    int newline;
    while ((newline = rawData.indexOf('\n', start)) >= 0) {
      frame.append("data: ").append(rawData, start, newline).append('\n');
      start = newline + 1;
    }
    frame.append("data: ").append(rawData, start, rawData.length()).append('\n');
    return frame.append('\n').toString();
  }

  /** What the events forwarded unread said, read now that the stream broke (XP11). */
  private void readForwarded() {
    JsonObject last = lastRaw == null ? null : parse(lastRaw.strip());
    if (last != null && last.getValue("sequence_number") instanceof Number n) {
      lastSequence = Math.max(lastSequence, n.longValue());
    }
    JsonObject withResponse = lastResponseRaw == null ? null : parse(lastResponseRaw.strip());
    if (withResponse != null && withResponse.getValue("response") instanceof JsonObject r) {
      response = r;
    }
  }

  private void observe(String type, JsonObject data) {
    if (data.getValue("sequence_number") instanceof Number n) {
      lastSequence = n.longValue();
    }
    if (data.getValue("response") instanceof JsonObject r) {
      response = r;
    }
    switch (type == null ? "" : type) {
      case "response.completed" -> finish(data, toolCalls(data) ? "tool_calls" : "stop");
      case "response.incomplete" -> finish(data, incompleteReason(data));
      case "response.failed", "error" -> {
        finish(data, "error");
        failed = true;
      }
      default -> {
      }
    }
  }

  private void finish(JsonObject data, String reason) {
    done = true;
    finishReason = reason;
    completedResponse = data.getJsonObject("response");
    if (completedResponse != null) {
      usage = ResponsesUsage.toChat(completedResponse.getJsonObject("usage"));
    }
  }

  private static boolean toolCalls(JsonObject data) {
    JsonArray output = data.getJsonObject("response", new JsonObject()).getJsonArray("output", new JsonArray());
    for (Object item : output) {
      if (item instanceof JsonObject o && "function_call".equals(o.getString("type"))) {
        return true;
      }
    }
    return false;
  }

  private static String incompleteReason(JsonObject data) {
    JsonObject details = data.getJsonObject("response", new JsonObject()).getJsonObject("incomplete_details");
    return details != null && "content_filter".equals(details.getString("reason")) ? "content_filter" : "length";
  }

  @Override
  public String onUpstreamEnd() {
    if (done) {
      return "";
    }
    done = true;
    failed = true;
    finishReason = "error";
    readForwarded();
    JsonObject skeleton = response != null ? response : new JsonObject().put("object", "response").put("model", model)
      .put("output", new JsonArray());
    JsonObject error = new JsonObject().put("error", new JsonObject().put("code", "server_error")
      .put("message", "Factory's stream ended before the response was complete"));
    return ResponsesSse.frame(ResponsesSse.failedEvent(skeleton, error, lastSequence + 1));
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public boolean failed() {
    return failed;
  }

  @Override
  public String finishReason() {
    return finishReason;
  }

  @Override
  public JsonObject usage() {
    return usage;
  }

  /** The final response object ({@code response.completed}/{@code .incomplete}), for the conversation store. */
  public JsonObject completedResponse() {
    return failed ? null : completedResponse;
  }
}
