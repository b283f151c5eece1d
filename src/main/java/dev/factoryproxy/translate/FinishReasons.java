package dev.factoryproxy.translate;

/** Anthropic {@code stop_reason} → OpenAI {@code finish_reason} (S6), shared by non-stream and stream (T9). */
public final class FinishReasons {

  private FinishReasons() {
  }

  /**
   * @param stopReason            the raw Anthropic value, may be null
   * @param onlySyntheticJsonTool the only tool called was the structured-output tool, unwrapped into content (R27)
   * @param legacyFunctions       the client used {@code functions} and gets {@code function_call} back (R14)
   */
  public static String map(String stopReason, boolean onlySyntheticJsonTool, boolean legacyFunctions) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> toolUse(onlySyntheticJsonTool, legacyFunctions);
      case "refusal" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence, pause_turn and anything new
    };
  }

  private static String toolUse(boolean onlySyntheticJsonTool, boolean legacyFunctions) {
    if (onlySyntheticJsonTool) {
      return "stop";
    }
    return legacyFunctions ? "function_call" : "tool_calls";
  }
}
