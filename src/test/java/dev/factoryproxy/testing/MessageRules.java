package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.factoryproxy.testing.Inputs.required;
import static dev.factoryproxy.testing.Rejection.requireValid;

/**
 * The conversation rules: roles, alternation, non-empty content, tool_use/tool_result pairing, the
 * final-assistant prefill, and thinking before a tool turn (R5, R9, R10, R12, R13, R15).
 */
final class MessageRules {
  private static final Set<String> MESSAGE_KEYS = Set.of("role", "content");
  private static final Set<String> THINKING_TYPES = Set.of("thinking", "redacted_thinking");

  private MessageRules() {
  }

  /** One checked message: its position, role and content as blocks. */
  private record Turn(int index, String role, List<JsonObject> blocks) {
    boolean isAssistant() {
      return role.equals("assistant");
    }

    Set<String> toolUseIds() {
      return idsOf(blocks, "tool_use", "id");
    }

    /** Ids answered by the tool_result blocks at the start of the content, before any other block (R12). */
    Set<String> leadingToolResultIds() {
      List<JsonObject> leading = blocks.stream().takeWhile(block -> isType(block, "tool_result")).toList();
      return idsOf(leading, "tool_result", "tool_use_id");
    }

    String path() {
      return "messages." + index;
    }
  }

  static void check(Object value, boolean thinking) {
    JsonArray messages = Inputs.array(value, "messages");
    requireValid(!messages.isEmpty(), "messages: at least one message is required");
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      String previousRole = turns.isEmpty() ? null : turns.get(i - 1).role();
      turns.add(turn(messages.getValue(i), i, previousRole, i == messages.size() - 1));
    }
    for (int i = 0; i < turns.size(); i++) {
      checkToolPairing(turns, i);
    }
    checkFinalAssistant(turns.get(turns.size() - 1));
    if (thinking) {
      checkThinkingLeadsToolTurn(turns);
    }
  }

  private static Turn turn(Object value, int index, String previousRole, boolean last) {
    String path = "messages." + index;
    JsonObject message = Inputs.object(value, path);
    Inputs.onlyKeys(message, MESSAGE_KEYS, path + ".");
    String role = Inputs.oneOf(Inputs.requiredString(message, "role", path),
      List.of("user", "assistant"), path + ".role");
    requireValid(previousRole != null || role.equals("user"), "messages: first message must use the \"user\" role");
    requireValid(!role.equals(previousRole), "messages: roles must alternate between \"user\" and \"assistant\", "
      + "but found multiple \"" + role + "\" roles in a row");
    List<JsonObject> blocks = BlockRules.content(required(message, "content", path + ".content"), path + ".content");
    requireValid(!blocks.isEmpty() || (last && role.equals("assistant")),
      path + ": all messages must have non-empty content except for the optional final assistant message");
    return new Turn(index, role, blocks);
  }

  /**
   * An assistant's tool_use ids must all be answered at the start of the next message, and every tool_result
   * must answer a tool_use of the message before it (R12, R13).
   */
  private static void checkToolPairing(List<Turn> turns, int i) {
    Turn turn = turns.get(i);
    if (turn.isAssistant()) {
      Set<String> unanswered = turn.toolUseIds();
      if (i + 1 < turns.size()) {
        unanswered.removeAll(turns.get(i + 1).leadingToolResultIds());
      }
      requireValid(unanswered.isEmpty(), turn.path() + ": `tool_use` ids were found without `tool_result` blocks "
        + "immediately after: " + String.join(", ", unanswered)
        + ". Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
      return;
    }
    Set<String> asked = i > 0 ? turns.get(i - 1).toolUseIds() : Set.of();
    for (int k = 0; k < turn.blocks().size(); k++) {
      JsonObject block = turn.blocks().get(k);
      String answered = isType(block, "tool_result") ? block.getString("tool_use_id") : null;
      requireValid(answered == null || asked.contains(answered), turn.path() + ".content." + k
        + ": unexpected `tool_use_id` found in `tool_result` blocks: " + answered
        + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
    }
  }

  /** A final assistant message is a prefill, and it may not end with whitespace (R10). */
  private static void checkFinalAssistant(Turn last) {
    if (!last.isAssistant() || last.blocks().isEmpty()) {
      return;
    }
    JsonObject lastBlock = last.blocks().get(last.blocks().size() - 1);
    String text = isType(lastBlock, "text") ? lastBlock.getString("text") : "";
    requireValid(text.isEmpty() || !Character.isWhitespace(text.charAt(text.length() - 1)),
      "messages: final assistant content cannot end with trailing whitespace");
  }

  /** With thinking on, the latest assistant tool turn must start with its thinking block (R15, LiteLLM #15601). */
  private static void checkThinkingLeadsToolTurn(List<Turn> turns) {
    Turn lastAssistant = turns.stream().filter(Turn::isAssistant).reduce((first, second) -> second).orElse(null);
    if (lastAssistant == null || lastAssistant.toolUseIds().isEmpty()) {
      return;
    }
    String firstType = lastAssistant.blocks().get(0).getString("type");
    requireValid(THINKING_TYPES.contains(firstType), lastAssistant.path() + ".content.0.type: Expected `thinking` or "
      + "`redacted_thinking`, but found `" + firstType + "`. When `thinking` is enabled, a final `assistant` message "
      + "must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks).");
  }

  private static boolean isType(JsonObject block, String type) {
    return type.equals(block.getString("type"));
  }

  private static Set<String> idsOf(List<JsonObject> blocks, String type, String idKey) {
    Set<String> ids = new LinkedHashSet<>();
    blocks.stream().filter(block -> isType(block, type)).forEach(block -> ids.add(block.getString(idKey)));
    return ids;
  }
}
