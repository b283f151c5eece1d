package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

/** Anthropic usage → OpenAI usage (S7, S8), and the stream's usage merge (T9). */
public final class Usage {

  private Usage() {
  }

  /**
   * {@code prompt_tokens} counts cached reads and cache writes too, so that totals add up (LiteLLM #13207).
   * {@code cache_creation_tokens} appears only when upstream reports cache writes;
   * {@code completion_tokens_details.reasoning_tokens} only when upstream reports
   * {@code output_tokens_details.thinking_tokens} (never estimated).
   */
  public static JsonObject toOpenAi(JsonObject anthropicUsage) {
    JsonObject u = anthropicUsage == null ? new JsonObject() : anthropicUsage;
    long cacheRead = count(u, "cache_read_input_tokens");
    long prompt = count(u, "input_tokens") + cacheRead + count(u, "cache_creation_input_tokens");
    long completion = count(u, "output_tokens");
    JsonObject out = new JsonObject()
      .put("prompt_tokens", prompt)
      .put("completion_tokens", completion)
      .put("total_tokens", prompt + completion)
      .put("prompt_tokens_details", promptDetails(u, cacheRead));
    if (thinkingTokens(u) instanceof Number thinking) {
      out.put("completion_tokens_details", new JsonObject().put("reasoning_tokens", thinking.longValue()));
    }
    if (u.getValue("service_tier") instanceof String tier) {
      out.put("service_tier", "standard".equals(tier) ? "default" : tier);
    }
    return out;
  }

  /**
   * Usage as known at the end of a stream: message_start's values, overridden by every non-null field of
   * message_delta's. {@code output_tokens} is cumulative upstream, so it is replaced, never added (T9).
   */
  public static JsonObject merge(JsonObject startUsage, JsonObject deltaUsage) {
    JsonObject merged = startUsage == null ? new JsonObject() : startUsage.copy();
    if (deltaUsage != null) {
      deltaUsage.forEach(field -> {
        if (field.getValue() != null) {
          merged.put(field.getKey(), field.getValue());
        }
      });
    }
    return merged;
  }

  private static JsonObject promptDetails(JsonObject u, long cacheRead) {
    JsonObject details = new JsonObject().put("cached_tokens", cacheRead);
    if (u.getValue("cache_creation_input_tokens") instanceof Number creation) {
      details.put("cache_creation_tokens", creation.longValue());
    }
    return details;
  }

  private static Object thinkingTokens(JsonObject u) {
    return u.getValue("output_tokens_details") instanceof JsonObject details ? details.getValue("thinking_tokens") : null;
  }

  private static long count(JsonObject u, String field) {
    return u.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }
}
