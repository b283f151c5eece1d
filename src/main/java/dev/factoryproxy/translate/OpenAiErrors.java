package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

/** The one place that shapes OpenAI error bodies, for HTTP answers and mid-stream frames alike (E1, T12). */
public final class OpenAiErrors {

  private OpenAiErrors() {
  }

  /** {@code {"error":{"message","type","param","code"}}}; null values stay as JSON null, as OpenAI sends them. */
  public static JsonObject body(String message, String type, String param, String code) {
    return new JsonObject().put("error", new JsonObject()
      .put("message", message)
      .put("type", type)
      .put("param", param)
      .put("code", code));
  }

  /** An error inside an already-started SSE answer: openai-python raises on any frame with an {@code error} key (T12). */
  public static String streamFrame(JsonObject errorBody) {
    return SseFrames.data(errorBody.encode());
  }
}
