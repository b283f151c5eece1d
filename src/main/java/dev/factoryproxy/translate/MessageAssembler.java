package dev.factoryproxy.translate;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * T16: a streamed Anthropic answer (the events of one Messages stream) put back together as the Anthropic
 * {@code message} object a non-streamed call would have returned. The proxy always streams from Factory (issue 10
 * §2): the first event comes at once for every request, silence is judged between events, and a long generation
 * is never cut by a first-byte timeout or by Anthropic's non-stream output limit. Plain Java, no I/O.
 */
public final class MessageAssembler {
  private JsonObject message;
  private final JsonArray content = new JsonArray();
  /** The text, thinking or tool-input JSON of each open block, by index (appended, not re-concatenated). */
  private final Map<Integer, StringBuilder> parts = new HashMap<>();
  private boolean complete;

  /** One event, its {@code type} naming it; {@code ping} and unknown events are ignored, as SDKs do. */
  public void onEvent(JsonObject event) {
    switch (String.valueOf(event.getValue("type"))) {
      case "message_start" -> {
        message = event.getJsonObject("message", new JsonObject()).copy();
        message.put("content", content);
      }
      case "content_block_start" -> {
        int index = event.getInteger("index", content.size());
        JsonObject block = event.getJsonObject("content_block", new JsonObject()).copy();
        while (content.size() <= index) {
          content.add(new JsonObject());
        }
        content.set(index, block);
        parts.put(index, new StringBuilder());
      }
      case "content_block_delta" -> delta(event.getInteger("index", content.size() - 1),
        event.getJsonObject("delta", new JsonObject()));
      case "content_block_stop" -> close(event.getInteger("index", content.size() - 1));
      case "message_delta" -> {
        JsonObject delta = event.getJsonObject("delta", new JsonObject());
        delta.forEach(field -> started().put(field.getKey(), field.getValue()));
        JsonObject usage = event.getJsonObject("usage");
        if (usage != null) {
          JsonObject merged = started().getJsonObject("usage", new JsonObject()).copy();
          usage.forEach(field -> merged.put(field.getKey(), field.getValue()));
          started().put("usage", merged);
        }
      }
      case "message_stop" -> complete = true;
      default -> { }
    }
  }

  /** Whether {@code message_stop} came: only then is {@link #message()} the whole answer. */
  public boolean complete() {
    return complete;
  }

  /** The assembled message; blocks still open are closed (a stream must end with their stops to be whole). */
  public JsonObject message() {
    new java.util.ArrayList<>(parts.keySet()).forEach(this::close);
    return started();
  }

  private JsonObject started() {
    if (message == null) {
      message = new JsonObject().put("type", "message").put("role", "assistant").put("content", content);
    }
    return message;
  }

  private void delta(int index, JsonObject delta) {
    StringBuilder part = parts.computeIfAbsent(index, i -> new StringBuilder());
    JsonObject block = index >= 0 && index < content.size() ? content.getJsonObject(index) : null;
    if (block == null) {
      return;
    }
    switch (String.valueOf(delta.getValue("type"))) {
      case "text_delta" -> part.append(delta.getString("text", ""));
      case "thinking_delta" -> part.append(delta.getString("thinking", ""));
      case "signature_delta" -> block.put("signature", delta.getString("signature"));
      case "input_json_delta" -> part.append(delta.getString("partial_json", ""));
      case "citations_delta" -> {
        JsonArray citations = block.getJsonArray("citations");
        if (citations == null) {
          citations = new JsonArray();
          block.put("citations", citations);
        }
        citations.add(delta.getValue("citation"));
      }
      default -> { }
    }
  }

  private void close(int index) {
    StringBuilder part = parts.remove(index);
    if (index < 0 || index >= content.size() || part == null || part.isEmpty()) {
      return;
    }
    JsonObject block = content.getJsonObject(index);
    switch (String.valueOf(block.getValue("type"))) {
      case "text" -> {
        block.put("text", block.getString("text", "") + part);
        return;
      }
      case "thinking" -> {
        block.put("thinking", block.getString("thinking", "") + part);
        return;
      }
      default -> { }
    }
    try {
      block.put("input", new JsonObject(part.toString()));
    } catch (DecodeException | ClassCastException e) {
      block.put("input", new JsonObject()); // the translator reports tool input that is not an object
    }
  }
}
