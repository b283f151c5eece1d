package dev.factoryproxy.route.gemini;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A complete Gemini stream → one answer (GS7). Factory's generate route always streams, so a client that did not
 * ask for a stream is answered from the merged chunks. Pure.
 */
public final class GeminiStreamMerger {
  private GeminiStreamMerger() {
  }

  /**
   * Text parts that follow each other with the same {@code thought} flag are joined; a signature-only part (empty
   * text) joins the part before it; calls stay whole. The last finishReason, usageMetadata and promptFeedback win,
   * the first responseId and modelVersion. A chunk carrying {@code error} is returned as it is.
   */
  public static JsonObject merge(List<JsonObject> chunks) {
    JsonArray parts = new JsonArray();
    JsonObject merged = new JsonObject();
    String finishReason = null;
    for (JsonObject chunk : chunks) {
      if (chunk.getValue("error") != null) {
        return chunk;
      }
      for (String first : new String[] {"responseId", "modelVersion"}) {
        if (merged.getValue(first) == null && chunk.getValue(first) != null) {
          merged.put(first, chunk.getValue(first));
        }
      }
      for (String last : new String[] {"usageMetadata", "promptFeedback"}) {
        if (chunk.getValue(last) != null) {
          merged.put(last, chunk.getValue(last));
        }
      }
      JsonObject candidate = GeminiAnswers.firstCandidate(chunk);
      if (candidate != null && candidate.getValue("finishReason") instanceof String reason) {
        finishReason = reason;
      }
      GeminiAnswers.parts(candidate).forEach(p -> add(parts, ((JsonObject) p).copy()));
    }
    JsonObject candidate = new JsonObject().put("content", new JsonObject().put("role", "model").put("parts", parts))
      .put("index", 0);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    return merged.put("candidates", new JsonArray().add(candidate));
  }

  private static void add(JsonArray parts, JsonObject part) {
    JsonObject last = parts.isEmpty() ? null : parts.getJsonObject(parts.size() - 1);
    boolean text = part.getValue("text") instanceof String && part.size() <= 3 && !part.containsKey("functionCall");
    if (last != null && text && last.getValue("text") instanceof String lastText
      && Boolean.TRUE.equals(last.getValue("thought")) == Boolean.TRUE.equals(part.getValue("thought"))
      && (last.getValue("thoughtSignature") == null)) {
      last.put("text", lastText + part.getString("text"));
      if (part.getValue("thoughtSignature") != null) {
        last.put("thoughtSignature", part.getValue("thoughtSignature"));
      }
      return;
    }
    if (last != null && "".equals(part.getValue("text")) && part.getValue("thoughtSignature") != null
      && last.getValue("thoughtSignature") == null) {
      last.put("thoughtSignature", part.getValue("thoughtSignature")); // the terminal signature-only part
      return;
    }
    parts.add(part);
  }
}
