package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonObject;

/** Usage in the Responses shape and back (XS5): the hub speaks Chat Completions' names. */
final class ResponsesUsage {
  private ResponsesUsage() {
  }

  /** Chat usage → {@code input_tokens}, {@code output_tokens}, {@code total_tokens} with their details. */
  static JsonObject fromChat(JsonObject chat) {
    if (chat == null) {
      return null;
    }
    long input = chat.getLong("prompt_tokens", 0L);
    long output = chat.getLong("completion_tokens", 0L);
    JsonObject promptDetails = chat.getJsonObject("prompt_tokens_details", new JsonObject());
    JsonObject completionDetails = chat.getJsonObject("completion_tokens_details", new JsonObject());
    return new JsonObject()
      .put("input_tokens", input)
      .put("input_tokens_details", new JsonObject().put("cached_tokens", promptDetails.getLong("cached_tokens", 0L)))
      .put("output_tokens", output)
      .put("output_tokens_details",
        new JsonObject().put("reasoning_tokens", completionDetails.getLong("reasoning_tokens", 0L)))
      .put("total_tokens", chat.getLong("total_tokens", input + output));
  }

  /** Responses usage → chat usage, for the access log and metrics of a pass-through (XP9). */
  static JsonObject toChat(JsonObject usage) {
    if (usage == null) {
      return null;
    }
    long input = usage.getLong("input_tokens", 0L);
    long output = usage.getLong("output_tokens", 0L);
    JsonObject inputDetails = usage.getJsonObject("input_tokens_details", new JsonObject());
    JsonObject outputDetails = usage.getJsonObject("output_tokens_details", new JsonObject());
    return new JsonObject()
      .put("prompt_tokens", input)
      .put("completion_tokens", output)
      .put("total_tokens", usage.getLong("total_tokens", input + output))
      .put("prompt_tokens_details", new JsonObject().put("cached_tokens", inputDetails.getLong("cached_tokens", 0L)))
      .put("completion_tokens_details",
        new JsonObject().put("reasoning_tokens", outputDetails.getLong("reasoning_tokens", 0L)));
  }
}
