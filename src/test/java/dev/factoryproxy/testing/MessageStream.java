package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The SSE events the real API streams for a finished Anthropic message (translation.md section C):
 * message_start, per block a start, its deltas and a stop (a ping after the first start), message_delta, message_stop.
 */
final class MessageStream {
  /** Tool input arrives as an empty first fragment, then the JSON in this many pieces. */
  private static final int INPUT_JSON_PIECES = 3;

  private MessageStream() {
  }

  /**
   * @param textPieces   how many deltas each text or thinking block is split into
   * @param deltaDelayMs wait before each delta (0 for an immediate stream)
   */
  static List<SseEvent> events(JsonObject message, int textPieces, long deltaDelayMs) {
    List<SseEvent> events = new ArrayList<>();
    events.add(SseEvent.of(new JsonObject().put("type", "message_start").put("message", startingMessage(message))));
    JsonArray content = message.getJsonArray("content", new JsonArray());
    for (int index = 0; index < content.size(); index++) {
      JsonObject block = content.getJsonObject(index);
      events.add(SseEvent.of(blockEvent("content_block_start", index).put("content_block", startingBlock(block))));
      if (index == 0) {
        events.add(SseEvent.of(new JsonObject().put("type", "ping")));
      }
      for (JsonObject delta : deltas(block, textPieces)) {
        events.add(SseEvent.of(blockEvent("content_block_delta", index).put("delta", delta)).withDelay(deltaDelayMs));
      }
      events.add(SseEvent.of(blockEvent("content_block_stop", index)));
    }
    events.add(SseEvent.of(messageDelta(message)));
    events.add(SseEvent.of(new JsonObject().put("type", "message_stop")));
    return events;
  }

  /** The message before any content: no blocks, no stop reason, one output token so far. */
  private static JsonObject startingMessage(JsonObject message) {
    JsonObject usage = message.getJsonObject("usage", new JsonObject()).copy().put("output_tokens", 1);
    return message.copy()
      .put("content", new JsonArray())
      .put("stop_reason", null)
      .put("stop_sequence", null)
      .put("usage", usage);
  }

  private static JsonObject startingBlock(JsonObject block) {
    return switch (block.getString("type")) {
      case "text" -> new JsonObject().put("type", "text").put("text", "");
      case "thinking" -> new JsonObject().put("type", "thinking").put("thinking", "");
      case "tool_use" -> new JsonObject().put("type", "tool_use").put("id", block.getString("id"))
        .put("name", block.getString("name")).put("input", new JsonObject());
      default -> block.copy(); // redacted_thinking and server blocks arrive whole
    };
  }

  private static List<JsonObject> deltas(JsonObject block, int textPieces) {
    List<JsonObject> deltas = new ArrayList<>();
    switch (block.getString("type")) {
      case "text" -> split(block.getString("text"), textPieces)
        .forEach(piece -> deltas.add(delta("text_delta", "text", piece)));
      case "thinking" -> {
        split(block.getString("thinking"), textPieces)
          .forEach(piece -> deltas.add(delta("thinking_delta", "thinking", piece)));
        if (block.getString("signature") != null) {
          deltas.add(delta("signature_delta", "signature", block.getString("signature")));
        }
      }
      case "tool_use" -> {
        deltas.add(delta("input_json_delta", "partial_json", ""));
        JsonObject input = block.getJsonObject("input", new JsonObject());
        if (!input.isEmpty()) { // a tool without arguments streams only the empty fragment (T6)
          split(input.encode(), INPUT_JSON_PIECES)
            .forEach(piece -> deltas.add(delta("input_json_delta", "partial_json", piece)));
        }
      }
      default -> {
      }
    }
    return deltas;
  }

  private static JsonObject messageDelta(JsonObject message) {
    JsonObject usage = message.getJsonObject("usage", new JsonObject());
    return new JsonObject()
      .put("type", "message_delta")
      .put("delta", new JsonObject()
        .put("stop_reason", message.getString("stop_reason"))
        .put("stop_sequence", message.getString("stop_sequence")))
      .put("usage", new JsonObject().put("output_tokens", usage.getValue("output_tokens")));
  }

  private static JsonObject blockEvent(String type, int index) {
    return new JsonObject().put("type", type).put("index", index);
  }

  private static JsonObject delta(String type, String key, String value) {
    return new JsonObject().put("type", type).put(key, value);
  }

  /** Splits text into up to {@code pieces} parts of near-equal length, never inside a surrogate pair. */
  static List<String> split(String text, int pieces) {
    int codePoints = text.codePointCount(0, text.length());
    int parts = Math.max(1, Math.min(pieces, codePoints));
    List<String> result = new ArrayList<>();
    int start = 0;
    for (int part = 1; part <= parts; part++) {
      int end = text.offsetByCodePoints(0, codePoints * part / parts);
      result.add(text.substring(start, end));
      start = end;
    }
    return result;
  }
}
