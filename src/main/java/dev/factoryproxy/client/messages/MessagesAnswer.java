package dev.factoryproxy.client.messages;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A hub {@code chat.completion} → an Anthropic {@code message} (MS1-MS5). */
final class MessagesAnswer {
  private MessagesAnswer() {
  }

  static JsonObject from(JsonObject completion, String requestedModel) {
    JsonArray choices = completion.getJsonArray("choices", new JsonArray());
    JsonObject choice = choices.isEmpty() ? new JsonObject() : choices.getJsonObject(0);
    JsonObject message = choice.getJsonObject("message", new JsonObject());
    String model = completion.getString("model");
    return new JsonObject()
      .put("id", messageId(completion.getString("id")))
      .put("type", "message")
      .put("role", "assistant")
      .put("model", model != null ? model : requestedModel)
      .put("content", content(message))
      .put("stop_reason", StopReasons.map(choice.getString("finish_reason"), choice.getString("native_finish_reason")))
      .put("stop_sequence", null)
      .put("usage", AnthropicUsage.from(completion.getJsonObject("usage")));
  }

  /** MS1: {@code msg_} ids; the hub's own id after its {@code chatcmpl-} prefix, so logs can be matched. */
  static String messageId(String hubId) {
    if (hubId == null || hubId.isEmpty()) {
      return "msg_proxy";
    }
    String bare = hubId.startsWith("chatcmpl-") ? hubId.substring("chatcmpl-".length()) : hubId;
    return bare.startsWith("msg_") ? bare : "msg_" + bare;
  }

  /** MS2: thinking first (signed blocks, else the reasoning text), then the text, then one tool_use per call. */
  private static JsonArray content(JsonObject message) {
    JsonArray content = new JsonArray();
    JsonArray thinkingBlocks = message.getJsonArray("thinking_blocks");
    if (thinkingBlocks != null && !thinkingBlocks.isEmpty()) {
      thinkingBlocks.forEach(b -> content.add(thinkingBlock((JsonObject) b)));
    } else if (message.getValue("reasoning_content") instanceof String reasoning && !reasoning.isEmpty()) {
      content.add(new JsonObject().put("type", "thinking").put("thinking", reasoning).put("signature", ""));
    }
    if (message.getValue("content") instanceof String text && !text.isEmpty()) {
      content.add(new JsonObject().put("type", "text").put("text", text));
    }
    JsonArray calls = message.getJsonArray("tool_calls", new JsonArray());
    for (int i = 0; i < calls.size(); i++) {
      JsonObject call = calls.getJsonObject(i);
      JsonObject function = call.getJsonObject("function", new JsonObject());
      content.add(new JsonObject().put("type", "tool_use").put("id", call.getString("id"))
        .put("name", function.getString("name")).put("input", input(function.getString("arguments"))));
    }
    return content;
  }

  private static JsonObject thinkingBlock(JsonObject block) {
    if ("redacted_thinking".equals(block.getString("type"))) {
      return new JsonObject().put("type", "redacted_thinking").put("data", block.getString("data"));
    }
    return new JsonObject().put("type", "thinking").put("thinking", block.getString("thinking", ""))
      .put("signature", block.getString("signature", ""));
  }

  /** MS2: arguments text → the input object; empty or broken arguments (a cut-off answer) → {@code {}}. */
  static JsonObject input(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(arguments);
    } catch (DecodeException | ClassCastException notAnObject) {
      return new JsonObject();
    }
  }
}
