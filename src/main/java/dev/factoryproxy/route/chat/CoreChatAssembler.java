package dev.factoryproxy.route.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CT9: the chunks of one Chat-route stream put back together as the {@code chat.completion} a non-streamed call
 * returns (then read by {@link CoreChatRoute#toChat} as any answer). Plain Java, no I/O.
 */
final class CoreChatAssembler {
  private CoreChatAssembler() {
  }

  /** The whole answer; the error chunk itself when one came (CT7); null when no finish reason came (CT8). */
  static JsonObject assemble(List<JsonObject> chunks) {
    JsonObject first = null;
    StringBuilder content = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    Map<Integer, JsonObject> calls = new TreeMap<>();
    Map<Integer, StringBuilder> arguments = new TreeMap<>();
    String finish = null;
    JsonObject usage = null;
    boolean sawContent = false;
    for (JsonObject chunk : chunks) {
      if (chunk.getValue("error") != null) {
        return chunk;
      }
      first = first == null ? chunk : first;
      if (chunk.getValue("usage") instanceof JsonObject u) {
        usage = u;
      }
      JsonArray choices = chunk.getValue("choices") instanceof JsonArray c ? c : new JsonArray();
      for (Object item : choices) {
        if (!(item instanceof JsonObject choice)) {
          continue;
        }
        if (choice.getValue("finish_reason") instanceof String f) {
          finish = f;
        }
        JsonObject delta = choice.getValue("delta") instanceof JsonObject d ? d : new JsonObject();
        if (delta.getValue("content") instanceof String text) {
          content.append(text);
          sawContent = true;
        }
        Object thought = delta.getValue("reasoning_content") != null ? delta.getValue("reasoning_content")
          : delta.getValue("reasoning");
        if (thought instanceof String text) {
          reasoning.append(text);
        }
        if (delta.getValue("tool_calls") instanceof JsonArray parts) {
          parts.forEach(part -> addCallPart(part, calls, arguments));
        }
      }
    }
    if (finish == null) {
      return null;
    }
    JsonObject message = new JsonObject().put("role", "assistant").put("content", sawContent ? content.toString()
      : null);
    if (!reasoning.isEmpty()) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      JsonArray toolCalls = new JsonArray();
      calls.forEach((index, call) -> {
        call.getJsonObject("function").put("arguments", arguments.get(index).toString());
        toolCalls.add(call);
      });
      message.put("tool_calls", toolCalls);
    }
    JsonObject answer = new JsonObject().put("id", first.getValue("id")).put("object", "chat.completion")
      .put("model", first.getValue("model"))
      .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
        .put("finish_reason", finish)));
    return usage == null ? answer : answer.put("usage", usage);
  }

  private static void addCallPart(Object part, Map<Integer, JsonObject> calls, Map<Integer, StringBuilder> arguments) {
    if (!(part instanceof JsonObject delta)) {
      return;
    }
    int index = delta.getValue("index") instanceof Number n ? n.intValue() : calls.size();
    JsonObject call = calls.computeIfAbsent(index, i -> new JsonObject().put("type", "function")
      .put("function", new JsonObject()));
    StringBuilder args = arguments.computeIfAbsent(index, i -> new StringBuilder());
    if (delta.getValue("id") instanceof String id) {
      call.put("id", id);
    }
    JsonObject function = delta.getValue("function") instanceof JsonObject f ? f : new JsonObject();
    if (function.getValue("name") instanceof String name) {
      JsonObject target = call.getJsonObject("function");
      target.put("name", target.getString("name", "") + name);
    }
    if (function.getValue("arguments") instanceof String fragment) {
      args.append(fragment);
    }
  }
}
