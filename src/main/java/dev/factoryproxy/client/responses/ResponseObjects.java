package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The {@code response} object and its output items, shared by the complete answer and the stream (XS1–XS6). */
final class ResponseObjects {
  private ResponseObjects() {
  }

  /** XS1: {@code resp_} plus the hub's id without its {@code chatcmpl-} prefix, so logs can match the two. */
  static String responseId(String chatId) {
    String base = chatId == null || chatId.isEmpty() ? Long.toHexString(System.nanoTime()) : chatId;
    base = base.startsWith("chatcmpl-") ? base.substring("chatcmpl-".length()) : base;
    return "resp_" + base.replaceAll("[^a-zA-Z0-9_-]", "_");
  }

  /** The envelope with the request's settings echoed, as OpenAI answers them; status, output and usage vary. */
  static JsonObject envelope(String id, long createdAt, JsonObject clientContext, String status) {
    JsonObject echo = clientContext.getJsonObject("echo", new JsonObject());
    JsonObject response = new JsonObject()
      .put("id", id)
      .put("object", "response")
      .put("created_at", createdAt)
      .put("status", status)
      .putNull("error")
      .putNull("incomplete_details")
      .put("model", clientContext.getString("model"))
      .put("output", new JsonArray())
      .putNull("usage");
    echo.forEach(e -> response.put(e.getKey(), e.getValue()));
    return response;
  }

  /** XS4: {@code length} → incomplete (max_output_tokens), {@code content_filter} → incomplete; else completed. */
  static String status(String finishReason) {
    return "length".equals(finishReason) || "content_filter".equals(finishReason) ? "incomplete" : "completed";
  }

  static JsonObject incompleteDetails(String finishReason) {
    return switch (finishReason == null ? "" : finishReason) {
      case "length" -> new JsonObject().put("reason", "max_output_tokens");
      case "content_filter" -> new JsonObject().put("reason", "content_filter");
      default -> null;
    };
  }

  static JsonObject messageItem(String id, String text, String status) {
    return new JsonObject().put("id", id).put("type", "message").put("status", status).put("role", "assistant")
      .put("content", text == null ? new JsonArray() : new JsonArray().add(outputText(text)));
  }

  static JsonObject outputText(String text) {
    return new JsonObject().put("type", "output_text").put("text", text).put("annotations", new JsonArray())
      .put("logprobs", new JsonArray());
  }

  static JsonObject reasoningItem(String id, String text, String encrypted) {
    JsonObject item = new JsonObject().put("id", id).put("type", "reasoning")
      .put("summary", ReasoningItems.summary(text));
    if (encrypted != null) {
      item.put("encrypted_content", encrypted);
    }
    return item;
  }

  /** XS3: a tool call → a {@code function_call}; a namespaced hub name splits back into namespace and name (XR9). */
  static JsonObject functionCallItem(String callId, String hubName, String arguments, String status,
                                     JsonObject clientContext) {
    JsonObject item = new JsonObject().put("id", "fc_" + callId.replaceAll("[^a-zA-Z0-9_-]", "_"))
      .put("type", "function_call").put("status", status);
    JsonObject ns = clientContext.getJsonObject("namespaced", new JsonObject()).getJsonObject(hubName);
    item.put("name", ns == null ? hubName : ns.getString("name"));
    if (ns != null) {
      item.put("namespace", ns.getString("namespace"));
    }
    return item.put("call_id", callId).put("arguments", arguments == null ? "" : arguments);
  }
}
