package dev.factoryproxy.translate;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.factoryproxy.translate.RequestFields.invalid;

/**
 * R13: tracks the tool calls of the latest assistant message until tool (or function) messages answer them.
 * Anthropic rejects a tool_use without a tool_result right after it, and a tool_result without its tool_use,
 * so both are refused here with a param the client can act on.
 */
final class ToolCallLedger {
  /** Upstream tool_use id → JSON path of the call, in call order. */
  private final Map<String, String> open = new LinkedHashMap<>();
  /** The id synthesized for the latest assistant {@code function_call} (R14), which a function message answers. */
  private String openLegacyCall;

  void callMade(String id, String path) {
    if (open.putIfAbsent(id, path) != null) {
      throw invalid(path, path + " repeats the id of another tool call in the same message");
    }
  }

  void legacyCallMade(String id, String path) {
    callMade(id, path);
    openLegacyCall = id;
  }

  void answered(String id, String path) {
    if (open.remove(id) == null) {
      throw invalid(path, path + " does not match any unanswered tool call of the preceding assistant message");
    }
  }

  /** The id of the legacy call a {@code role:"function"} message answers. */
  String answerLegacy(String path) {
    if (openLegacyCall == null || open.remove(openLegacyCall) == null) {
      throw invalid(path, path + " is a function result, but the preceding assistant message has no unanswered"
        + " function_call");
    }
    String id = openLegacyCall;
    openLegacyCall = null;
    return id;
  }

  /** Called before each assistant message and at the end of the conversation. */
  void requireAllAnswered() {
    if (!open.isEmpty()) {
      String path = open.values().iterator().next();
      throw invalid(path, path + " has no answer: every tool call needs a tool message with its tool_call_id"
        + " before the next assistant message");
    }
    openLegacyCall = null;
  }
}
