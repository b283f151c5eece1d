package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.ResponseContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A complete Responses object → a {@code chat.completion} (OS1–OS7). A {@code failed} response is no answer:
 * {@link #toChat} then returns the OpenAI error body ({@code {"error":{...}}}) it stands for (OE4), so a caller
 * never reports it as a success.
 */
final class AnswerMapper {
  private AnswerMapper() {
  }

  static JsonObject toChat(JsonObject response, ResponseContext ctx) {
    if (Outcome.failed(response)) {
      return Outcome.errorBody(response);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    JsonArray toolCalls = new JsonArray();
    JsonArray thinkingBlocks = new JsonArray();
    Object output = response.getValue("output");
    for (Object value : output instanceof JsonArray items ? items : new JsonArray()) {
      if (!(value instanceof JsonObject item)) {
        continue;
      }
      switch (item.getString("type", "")) {
        case "message" -> messageParts(item, text, refusal);
        case "function_call" -> toolCalls.add(toolCall(item)); // OS3
        case "reasoning" -> { // OS4
          String summary = ReasoningItems.text(item);
          if (!summary.isEmpty()) {
            reasoning.append(reasoning.length() > 0 ? "\n" : "").append(summary);
          }
          JsonObject block = ReasoningItems.thinkingBlock(summary, item.getString("encrypted_content"));
          if (block != null) {
            thinkingBlocks.add(block);
          }
        }
        default -> { } // OS6: built-in tool calls (web search, ...) are no function calls
      }
    }
    JsonObject message = new JsonObject().put("role", "assistant")
      .put("content", text.length() > 0 ? text.toString() : toolCalls.isEmpty() ? "" : null) // OS2
      .put("refusal", refusal.length() > 0 ? refusal.toString() : null);
    if (!toolCalls.isEmpty()) {
      message.put("tool_calls", toolCalls);
    }
    if (reasoning.length() > 0) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!thinkingBlocks.isEmpty()) {
      message.put("thinking_blocks", thinkingBlocks);
    }
    JsonObject choice = new JsonObject().put("index", 0).put("message", message).put("logprobs", null)
      .put("finish_reason", Outcome.finishReason(response, !toolCalls.isEmpty()))
      .put("native_finish_reason", Outcome.nativeReason(response));
    JsonObject answer = new JsonObject()
      .put("id", completionId(response.getString("id")))
      .put("object", "chat.completion")
      .put("created", ctx.created())
      .put("model", model(response, ctx))
      .put("system_fingerprint", null)
      .put("choices", new JsonArray().add(choice))
      .put("usage", usage(response.getJsonObject("usage")));
    if (response.getValue("service_tier") instanceof String tier) {
      answer.put("service_tier", tier);
    }
    return answer;
  }

  /** OS2: output_text parts joined in order; refusal parts → {@code message.refusal}. */
  private static void messageParts(JsonObject item, StringBuilder text, StringBuilder refusal) {
    Object content = item.getValue("content");
    for (Object value : content instanceof JsonArray parts ? parts : new JsonArray()) {
      if (value instanceof JsonObject part) {
        if ("output_text".equals(part.getValue("type")) && part.getValue("text") instanceof String t) {
          text.append(t);
        } else if ("refusal".equals(part.getValue("type")) && part.getValue("refusal") instanceof String r) {
          refusal.append(r);
        }
      }
    }
  }

  static JsonObject toolCall(JsonObject item) {
    String arguments = item.getString("arguments", "");
    return new JsonObject().put("id", item.getString("call_id"))
      .put("type", "function")
      .put("function", new JsonObject().put("name", item.getString("name"))
        .put("arguments", arguments.isEmpty() ? "{}" : arguments));
  }

  /** OS1: ids derive from the response id. */
  static String completionId(String responseId) {
    return "chatcmpl-" + (responseId == null ? "responses" : responseId);
  }

  /** OS1: the model Factory reports, else the one the client asked for. */
  static String model(JsonObject response, ResponseContext ctx) {
    return response.getValue("model") instanceof String m && !m.isEmpty() ? m : ctx.model();
  }

  /**
   * OS7: input/output tokens → prompt/completion tokens; cached and reasoning tokens in OpenAI's detail fields
   * (only when reported). Null when the response has no usage.
   */
  static JsonObject usage(JsonObject usage) {
    if (usage == null) {
      return null;
    }
    long prompt = usage.getLong("input_tokens", 0L);
    long completion = usage.getLong("output_tokens", 0L);
    JsonObject out = new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", completion)
      .put("total_tokens", usage.getLong("total_tokens", prompt + completion));
    Object in = usage.getValue("input_tokens_details");
    if (in instanceof JsonObject details && details.getValue("cached_tokens") instanceof Number cached) {
      out.put("prompt_tokens_details", new JsonObject().put("cached_tokens", cached.longValue()));
    }
    Object outDetails = usage.getValue("output_tokens_details");
    if (outDetails instanceof JsonObject details && details.getValue("reasoning_tokens") instanceof Number r) {
      out.put("completion_tokens_details", new JsonObject().put("reasoning_tokens", r.longValue()));
    }
    return out;
  }
}
