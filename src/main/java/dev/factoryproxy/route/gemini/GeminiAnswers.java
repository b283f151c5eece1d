package dev.factoryproxy.route.gemini;

import dev.factoryproxy.translate.Identifiers;
import dev.factoryproxy.translate.ResponseContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A complete Gemini answer → a {@code chat.completion} (GS1–GS6), and the pieces the stream shares with it. */
final class GeminiAnswers {
  private GeminiAnswers() {
  }

  static JsonObject toChat(JsonObject answer, ResponseContext ctx) {
    JsonObject candidate = firstCandidate(answer);
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    JsonArray toolCalls = new JsonArray();
    JsonArray thinkingBlocks = new JsonArray();
    for (Object item : parts(candidate)) {
      if (!(item instanceof JsonObject part)) {
        continue;
      }
      String callId = null;
      if (part.getValue("functionCall") instanceof JsonObject call) {
        callId = callId(answer, ctx, toolCalls.size());
        toolCalls.add(toolCall(callId, call));
      } else if (part.getValue("text") instanceof String t) {
        (Boolean.TRUE.equals(part.getValue("thought")) ? reasoning : text).append(t);
      }
      if (part.getValue("thoughtSignature") instanceof String signature && !signature.isEmpty()) {
        thinkingBlocks.add(signatureBlock(signature, callId));
      }
    }
    boolean calls = !toolCalls.isEmpty();
    JsonObject message = new JsonObject().put("role", "assistant")
      .put("content", text.length() > 0 ? text.toString() : calls ? null : "").put("refusal", null);
    if (calls) {
      message.put("tool_calls", toolCalls);
    }
    if (reasoning.length() > 0) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!thinkingBlocks.isEmpty()) {
      message.put("thinking_blocks", thinkingBlocks);
    }
    String nativeReason = nativeFinishReason(answer, candidate);
    JsonObject choice = new JsonObject().put("index", 0).put("message", message).put("logprobs", null)
      .put("finish_reason", finishReason(nativeReason, calls)).put("native_finish_reason", nativeReason);
    return new JsonObject()
      .put("id", completionId(answer, ctx))
      .put("object", "chat.completion")
      .put("created", ctx.created())
      .put("model", ctx.model())
      .put("system_fingerprint", null)
      .put("choices", new JsonArray().add(choice))
      .put("usage", usage(answer.getJsonObject("usageMetadata")));
  }

  static JsonObject firstCandidate(JsonObject answer) {
    return answer.getValue("candidates") instanceof JsonArray c && !c.isEmpty() && c.getValue(0) instanceof JsonObject o
      ? o : null;
  }

  static JsonArray parts(JsonObject candidate) {
    if (candidate != null && candidate.getValue("content") instanceof JsonObject content
      && content.getValue("parts") instanceof JsonArray parts) {
      return parts;
    }
    return new JsonArray();
  }

  /** GS1: the completion id from Gemini's {@code responseId}. */
  static String completionId(JsonObject answer, ResponseContext ctx) {
    return "chatcmpl-" + (answer.getValue("responseId") instanceof String id ? id : "gemini-" + ctx.created());
  }

  /**
   * GS3: Gemini's calls have no ids; ours are derived from the response id and the call's position, so they are
   * stable for the same answer and distinct across answers. The request side matches them back by the names
   * the client's assistant message carries (GR7).
   */
  static String callId(JsonObject answer, ResponseContext ctx, int k) {
    String seed = (answer.getValue("responseId") instanceof String id ? id : ctx.model() + ctx.created()) + ":" + k;
    return "call_" + Identifiers.sha256Hex(seed).substring(0, 24);
  }

  static JsonObject toolCall(String id, JsonObject call) {
    JsonObject args = call.getValue("args") instanceof JsonObject a ? a : new JsonObject();
    return new JsonObject().put("id", id).put("type", "function").put("function",
      new JsonObject().put("name", call.getString("name")).put("arguments", args.encode()));
  }

  /** GS4: a signature travels as a hub thinking block, tied to its call when it came on one (GR6 reads it back). */
  static JsonObject signatureBlock(String signature, String callId) {
    JsonObject block = new JsonObject().put("type", "thinking").put("thinking", "").put("signature", signature);
    return callId == null ? block : block.put("tool_call_id", callId);
  }

  /** The candidate's finishReason, else the prompt's blockReason (a blocked prompt has no candidates). */
  static String nativeFinishReason(JsonObject answer, JsonObject candidate) {
    if (candidate != null && candidate.getValue("finishReason") instanceof String reason) {
      return reason;
    }
    if (answer.getValue("promptFeedback") instanceof JsonObject feedback
      && feedback.getValue("blockReason") instanceof String block) {
      return block;
    }
    return null;
  }

  /** GS5: STOP → stop (tool_calls with calls), MAX_TOKENS → length, safety and policy stops → content_filter. */
  static String finishReason(String nativeReason, boolean toolCalls) {
    String base = switch (nativeReason == null ? "STOP" : nativeReason) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE", "OTHER_BLOCK"
        -> "content_filter";
      default -> "stop"; // STOP, MALFORMED_FUNCTION_CALL, OTHER, FINISH_REASON_UNSPECIFIED and anything new
    };
    return base.equals("stop") && toolCalls ? "tool_calls" : base;
  }

  /**
   * GS6: prompt = promptTokenCount (it includes cached tokens), completion = candidates + thoughts, cached and
   * reasoning tokens in OpenAI's detail fields.
   */
  static JsonObject usage(JsonObject metadata) {
    JsonObject u = metadata == null ? new JsonObject() : metadata;
    long prompt = count(u, "promptTokenCount");
    long thoughts = count(u, "thoughtsTokenCount");
    long completion = count(u, "candidatesTokenCount") + thoughts;
    long total = u.getValue("totalTokenCount") instanceof Number n ? n.longValue() : prompt + completion;
    return new JsonObject()
      .put("prompt_tokens", prompt)
      .put("completion_tokens", completion)
      .put("total_tokens", total)
      .put("prompt_tokens_details", new JsonObject().put("cached_tokens", count(u, "cachedContentTokenCount")))
      .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", thoughts));
  }

  private static long count(JsonObject u, String field) {
    return u.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }
}
