package dev.factoryproxy.client.messages;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.Usage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Factory's Messages stream to a Messages client (MP8, ME3): every event goes out as it came, byte for byte, and
 * only the events that tell the access log something (message_start, message_delta, message_stop, error) are
 * parsed. A stream that ends before {@code message_stop} gets an {@code event: error} frame, never a quiet end.
 */
final class PassThroughStream implements StreamTranslation {
  static final String TRUNCATED_MESSAGE = "The upstream stream ended before the response was complete";

  private JsonObject usage;
  private String stopReason;
  private boolean started;
  private boolean done;
  private boolean failed;

  @Override
  public String onRawEvent(String event, String rawData) {
    return onParsedEvent(event, null, rawData);
  }

  /** {@code parsed} is {@code rawData} already parsed by the caller, or null: it is then parsed only if needed. */
  @Override
  public String onParsedEvent(String event, JsonObject parsed, String rawData) {
    if (done || rawData == null) {
      return "";
    }
    String type = event;
    if (type == null || needsParsing(type)) {
      if (parsed == null) {
        parsed = parse(rawData);
      }
      if (parsed == null) {
        return ""; // not JSON: no Anthropic event, nothing a client could read
      }
      if (type == null) {
        type = parsed.getString("type", "");
      }
      observe(type, parsed);
    }
    return "event: " + type + "\ndata: " + rawData + "\n\n";
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    return data == null ? "" : onParsedEvent(event != null ? event : data.getString("type"), data, data.encode());
  }

  private static boolean needsParsing(String type) {
    return switch (type) {
      case "message_start", "message_delta", "message_stop", "error" -> true;
      default -> false; // content blocks and pings: most of the stream, forwarded unread
    };
  }

  private void observe(String type, JsonObject data) {
    switch (type) {
      case "message_start" -> {
        started = true;
        JsonObject message = data.getJsonObject("message");
        usage = message == null ? null : message.getJsonObject("usage");
      }
      case "message_delta" -> {
        usage = Usage.merge(usage, data.getJsonObject("usage"));
        JsonObject delta = data.getJsonObject("delta");
        if (delta != null && delta.getString("stop_reason") != null) {
          stopReason = delta.getString("stop_reason");
        }
      }
      case "message_stop" -> done = true;
      case "error" -> {
        done = true;
        failed = true;
      }
      default -> { }
    }
  }

  private static JsonObject parse(String raw) {
    String trimmed = raw.strip();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(trimmed);
    } catch (DecodeException notJson) {
      return null;
    }
  }

  @Override
  public String onUpstreamEnd() {
    if (done) {
      return "";
    }
    done = true;
    failed = true;
    return AnthropicErrors.streamFrame("api_error", TRUNCATED_MESSAGE);
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public boolean failed() {
    return failed;
  }

  /** Anthropic's own {@code stop_reason}: the client's dialect is Anthropic's. */
  @Override
  public String finishReason() {
    return stopReason;
  }

  @Override
  public JsonObject usage() {
    return started ? Usage.toOpenAi(usage) : null;
  }
}
