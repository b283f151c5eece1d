package dev.factoryproxy.translate;

import dev.factoryproxy.config.ModelInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

import static dev.factoryproxy.translate.RequestFields.invalid;

/** {@code reasoning_effort} or a raw {@code thinking} object → Anthropic extended thinking (R15, R28). */
final class ReasoningTranslator {
  /** Sent upstream whenever thinking is on, as Factory's own CLI does. */
  static final String INTERLEAVED_THINKING_BETA = "interleaved-thinking-2025-05-14";
  /** Anthropic's smallest {@code budget_tokens}. */
  static final int MIN_BUDGET = 1024;
  /** Room kept for the visible answer when {@code max_tokens} must grow past the thinking budget. */
  static final int ANSWER_HEADROOM = 1024;
  private static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high");

  /**
   * @param thinking  the Anthropic {@code thinking} object, or null for none
   * @param effort    {@code output_config.effort} for adaptive models, or null
   * @param maxTokens {@code max_tokens}, raised when needed to fit the thinking budget
   */
  record Reasoning(JsonObject thinking, String effort, int maxTokens) {
    static Reasoning off(int maxTokens) {
      return new Reasoning(null, null, maxTokens);
    }

    boolean on() {
      return thinking != null && !"disabled".equals(thinking.getValue("type"));
    }
  }

  private final Map<String, Integer> budgets;

  ReasoningTranslator(Map<String, Integer> budgets) {
    this.budgets = budgets;
  }

  /** A raw {@code thinking} object wins over {@code reasoning_effort}: it is the more specific request. */
  Reasoning translate(JsonObject request, ModelInfo model, int maxTokens, JsonArray messages, List<String> warnings) {
    String effort = effort(request);
    JsonObject raw = RequestFields.object(request, "thinking", "");
    Reasoning reasoning = raw != null ? passthrough(raw, maxTokens) : fromEffort(effort, model, maxTokens);
    if (reasoning.on() && latestToolTurnLacksThinking(messages)) {
      // R15: Anthropic would answer 400 "Expected `thinking`… found `tool_use`"; answering without thinking is better
      warnings.add("extended thinking was turned off for this request: the latest assistant message with tool calls"
        + " has no thinking_blocks to replay");
      return Reasoning.off(maxTokens);
    }
    return reasoning;
  }

  private static String effort(JsonObject request) {
    String effort = RequestFields.string(request, "reasoning_effort", "");
    if (effort != null && !EFFORTS.contains(effort)) {
      throw invalid("reasoning_effort", "reasoning_effort must be one of " + String.join(", ", EFFORTS));
    }
    return effort;
  }

  /**
   * R28: adaptive models get {@code {"type":"adaptive"}} and an effort (they know no "minimal"); older models a
   * budget from configuration, at least 1024 and below {@code max_tokens}, which is raised when it is too small.
   */
  private Reasoning fromEffort(String effort, ModelInfo model, int maxTokens) {
    if (effort == null || effort.equals("none")) {
      return Reasoning.off(maxTokens);
    }
    if (model.adaptiveThinking()) {
      String adaptiveEffort = effort.equals("minimal") ? "low" : effort;
      return new Reasoning(new JsonObject().put("type", "adaptive"), adaptiveEffort, maxTokens);
    }
    int budget = Math.max(MIN_BUDGET, budgets.getOrDefault(effort, MIN_BUDGET));
    JsonObject thinking = new JsonObject().put("type", "enabled").put("budget_tokens", budget);
    return new Reasoning(thinking, null, Math.max(maxTokens, budget + ANSWER_HEADROOM));
  }

  /** R28: a raw {@code thinking} object (Anthropic's shape) passes through once its shape is checked. */
  private static Reasoning passthrough(JsonObject thinking, int maxTokens) {
    String type = RequestFields.requiredString(thinking, "type", "thinking");
    switch (type) {
      case "enabled" -> {
        Integer budget = RequestFields.positiveInt(thinking, "budget_tokens", "thinking");
        if (budget == null || budget < MIN_BUDGET || budget >= maxTokens) {
          throw invalid("thinking.budget_tokens", "thinking.budget_tokens must be a whole number of at least "
            + MIN_BUDGET + " and below max_tokens (" + maxTokens + ")");
        }
      }
      case "adaptive", "disabled" -> {
      }
      default -> throw invalid("thinking.type", "thinking.type must be \"enabled\", \"adaptive\" or \"disabled\"");
    }
    return new Reasoning(thinking.copy(), null, maxTokens);
  }

  /** R15: the last assistant message calls tools but does not start with a (redacted) thinking block. */
  private static boolean latestToolTurnLacksThinking(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonObject message = messages.getJsonObject(i);
      if (message.getString("role").equals("assistant")) {
        JsonArray content = message.getJsonArray("content");
        boolean callsTools = content.stream().anyMatch(b -> "tool_use".equals(((JsonObject) b).getValue("type")));
        String firstType = content.getJsonObject(0).getString("type");
        return callsTools && !firstType.equals("thinking") && !firstType.equals("redacted_thinking");
      }
    }
    return false;
  }
}
