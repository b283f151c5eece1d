package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A non-stream Anthropic {@code message} → an OpenAI {@code chat.completion} (S1–S8). */
public final class ResponseTranslator {

  private ResponseTranslator() {
  }

  public static JsonObject toChatCompletion(JsonObject anthropicMessage, ResponseContext ctx) {
    MessageParts parts = MessageParts.collect(anthropicMessage.getJsonArray("content"), ctx);
    String stopReason = anthropicMessage.getString("stop_reason");
    JsonObject choice = new JsonObject()
      .put("index", 0)
      .put("message", parts.toMessage(ctx.legacyFunctions()))
      .put("logprobs", null)
      .put("finish_reason", FinishReasons.map(stopReason, parts.onlyJsonTool(), ctx.legacyFunctions()))
      .put("native_finish_reason", stopReason);
    return new JsonObject()
      .put("id", ChoiceParts.completionId(anthropicMessage.getString("id")))
      .put("object", "chat.completion")
      .put("created", ctx.created())
      .put("model", ChoiceParts.model(anthropicMessage, ctx))
      .put("system_fingerprint", null)
      .put("choices", new JsonArray().add(choice))
      .put("usage", Usage.toOpenAi(anthropicMessage.getJsonObject("usage")));
  }

  /** What the content blocks add up to, gathered in block order. */
  private static final class MessageParts {
    private final StringBuilder text = new StringBuilder();
    private final JsonArray toolCalls = new JsonArray();
    private final List<String> reasoning = new ArrayList<>();
    private final JsonArray thinkingBlocks = new JsonArray();
    private boolean jsonToolCalled;

    static MessageParts collect(JsonArray content, ResponseContext ctx) {
      MessageParts parts = new MessageParts();
      if (content != null) {
        for (int i = 0; i < content.size(); i++) {
          parts.add(content.getJsonObject(i), ctx);
        }
      }
      return parts;
    }

    private void add(JsonObject block, ResponseContext ctx) {
      switch (block.getString("type", "")) {
        case "text" -> text.append(block.getString("text", "")); // S2: every text block, in order
        case "tool_use" -> addToolUse(block, ctx);
        case "thinking" -> {
          reasoning.add(block.getString("thinking", ""));
          thinkingBlocks.add(ChoiceParts.thinkingBlock(block.getString("thinking", ""), block.getString("signature")));
        }
        case "redacted_thinking" -> thinkingBlocks.add(ChoiceParts.redactedThinkingBlock(block.getString("data")));
        default -> { } // S5: server tools, their results and unknown blocks are left out
      }
    }

    private void addToolUse(JsonObject block, ResponseContext ctx) {
      String arguments = ChoiceParts.arguments(block.getJsonObject("input"));
      if (ChoiceParts.isJsonTool(ctx, block.getString("name"))) {
        jsonToolCalled = true;
        text.append(arguments); // R27: the structured output is the content, at the place the stream sends it (T15)
      } else {
        toolCalls.add(ChoiceParts.toolCall(ctx, block.getString("id"), block.getString("name"), arguments));
      }
    }

    boolean onlyJsonTool() {
      return jsonToolCalled && toolCalls.isEmpty();
    }

    JsonObject toMessage(boolean legacyFunctions) {
      boolean hasCalls = !toolCalls.isEmpty();
      JsonObject message = new JsonObject()
        .put("role", "assistant")
        .put("content", text.length() > 0 ? text.toString() : hasCalls ? null : "") // S2
        .put("refusal", null);
      if (hasCalls && legacyFunctions) {
        // R14: the legacy API has no parallel calls: function_call carries the first one
        message.put("function_call", toolCalls.getJsonObject(0).getJsonObject("function"));
      } else if (hasCalls) {
        message.put("tool_calls", toolCalls);
      }
      if (!reasoning.isEmpty()) {
        message.put("reasoning_content", String.join("\n", reasoning));
      }
      if (!thinkingBlocks.isEmpty()) {
        message.put("thinking_blocks", thinkingBlocks);
      }
      return message;
    }
  }
}
