package dev.factoryproxy.client.messages;

import io.vertx.core.json.JsonObject;

/**
 * Hub (OpenAI) usage → Anthropic usage (MS4): the hub's {@code prompt_tokens} includes cached reads and cache
 * writes, Anthropic's {@code input_tokens} does not, so those are taken out again.
 */
final class AnthropicUsage {
  private AnthropicUsage() {
  }

  static JsonObject from(JsonObject openAi) {
    JsonObject u = openAi == null ? new JsonObject() : openAi;
    JsonObject details = u.getJsonObject("prompt_tokens_details", new JsonObject());
    long cacheRead = count(details, "cached_tokens");
    long cacheWrite = count(details, "cache_creation_tokens");
    long input = Math.max(0, count(u, "prompt_tokens") - cacheRead - cacheWrite);
    return new JsonObject()
      .put("input_tokens", input)
      .put("cache_creation_input_tokens", cacheWrite)
      .put("cache_read_input_tokens", cacheRead)
      .put("output_tokens", count(u, "completion_tokens"));
  }

  private static long count(JsonObject json, String field) {
    return json.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }
}
