package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The hub's {@code chat.completion} → a Responses {@code response} object (XS1–XS6). */
final class ResponsesAnswer {
  private ResponsesAnswer() {
  }

  static JsonObject fromChat(JsonObject completion, JsonObject clientContext) {
    String id = ResponseObjects.responseId(completion.getString("id"));
    String base = id.substring("resp_".length());
    JsonArray choices = completion.getJsonArray("choices", new JsonArray());
    JsonObject choice = choices.isEmpty() ? new JsonObject() : choices.getJsonObject(0);
    JsonObject message = choice.getJsonObject("message", new JsonObject());
    String finish = choice.getString("finish_reason");
    JsonObject response = ResponseObjects.envelope(id, completion.getLong("created", 0L), clientContext,
      ResponseObjects.status(finish));
    response.put("incomplete_details", ResponseObjects.incompleteDetails(finish));
    JsonArray output = new JsonArray();
    reasoning(message, base, output);
    String refusal = message.getString("refusal");
    String text = message.getString("content");
    if (refusal != null && !refusal.isEmpty()) {
      output.add(new JsonObject().put("id", "msg_" + base).put("type", "message").put("status", "completed")
        .put("role", "assistant").put("content", new JsonArray()
          .add(new JsonObject().put("type", "refusal").put("refusal", refusal))));
    } else if (text != null && !text.isEmpty()) {
      output.add(ResponseObjects.messageItem("msg_" + base, text, "completed"));
    }
    JsonArray calls = message.getJsonArray("tool_calls", new JsonArray());
    for (int i = 0; i < calls.size(); i++) {
      JsonObject call = calls.getJsonObject(i);
      JsonObject fn = call.getJsonObject("function", new JsonObject());
      output.add(ResponseObjects.functionCallItem(call.getString("id"), fn.getString("name"),
        fn.getString("arguments"), "completed", clientContext));
    }
    response.put("output", output);
    response.put("usage", ResponsesUsage.fromChat(completion.getJsonObject("usage")));
    return response;
  }

  /**
   * XS2: each signed thinking block → a reasoning item (its text as the summary, the signature as
   * {@code encrypted_content}); reasoning text without blocks → one reasoning item without it.
   */
  private static void reasoning(JsonObject message, String base, JsonArray output) {
    JsonArray blocks = message.getJsonArray("thinking_blocks", new JsonArray());
    if (blocks.isEmpty()) {
      String text = message.getString("reasoning_content");
      if (text != null && !text.isEmpty()) {
        output.add(ResponseObjects.reasoningItem("rs_" + base, text, null));
      }
      return;
    }
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject block = blocks.getJsonObject(i);
      String text = "thinking".equals(block.getString("type")) ? block.getString("thinking") : null;
      output.add(ResponseObjects.reasoningItem("rs_" + base + (i == 0 ? "" : "_" + i), text,
        ReasoningItems.encrypted(block)));
    }
  }
}
