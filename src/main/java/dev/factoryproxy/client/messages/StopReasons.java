package dev.factoryproxy.client.messages;

import java.util.Set;

/** Hub {@code finish_reason} → Anthropic {@code stop_reason} (MS3, MT6). */
final class StopReasons {
  /** Values a route may pass on as {@code native_finish_reason} that are already Anthropic's. */
  private static final Set<String> ANTHROPIC = Set.of("end_turn", "stop_sequence", "max_tokens", "tool_use",
    "pause_turn", "refusal", "model_context_window_exceeded");

  private StopReasons() {
  }

  static String map(String finishReason, String nativeFinishReason) {
    if (nativeFinishReason != null && ANTHROPIC.contains(nativeFinishReason)) {
      return nativeFinishReason;
    }
    if (finishReason == null) {
      return "end_turn";
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn"; // stop and anything new
    };
  }
}
