package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;

/** Collects translated blocks into Anthropic's alternating user/assistant messages (R9, R10, R12). */
final class Conversation {
  private final List<Turn> turns = new ArrayList<>();

  /** One Anthropic message; tool results are kept apart because they must come first (R12). */
  private static final class Turn {
    final String role;
    final int firstMessage;
    final List<JsonObject> toolResults = new ArrayList<>();
    final List<JsonObject> blocks = new ArrayList<>();

    Turn(String role, int firstMessage) {
      this.role = role;
      this.firstMessage = firstMessage;
    }
  }

  /** R9: a message with the role of the previous one is merged into it, block by block. */
  void add(String role, List<JsonObject> blocks, int messageIndex) {
    turn(role, messageIndex).blocks.addAll(blocks);
  }

  /** R12: tool results join the current user turn, ahead of any user text in it. */
  void addToolResult(JsonObject toolResult, int messageIndex) {
    turn("user", messageIndex).toolResults.add(toolResult);
  }

  boolean isEmpty() {
    return turns.isEmpty();
  }

  /**
   * The Anthropic {@code messages}. The first must be a user message: Anthropic does not reliably accept a
   * conversation that opens with the assistant, and inventing a user turn would put words in the client's
   * mouth, so a first non-system message from the assistant is refused (param {@code messages[i]}).
   */
  JsonArray toMessages() {
    Turn first = turns.get(0);
    if (!first.role.equals("user")) {
      String path = index("messages", first.firstMessage);
      throw invalid(path, "the first non-system message must be a user message, but " + path + " is from the "
        + first.role);
    }
    stripPrefillTrailingWhitespace(turns.get(turns.size() - 1));
    JsonArray messages = new JsonArray();
    for (Turn turn : turns) {
      JsonArray content = new JsonArray();
      turn.toolResults.forEach(content::add);
      turn.blocks.forEach(content::add);
      messages.add(new JsonObject().put("role", turn.role).put("content", content));
    }
    return messages;
  }

  private Turn turn(String role, int messageIndex) {
    Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && last.role.equals(role)) {
      return last;
    }
    Turn turn = new Turn(role, messageIndex);
    turns.add(turn);
    return turn;
  }

  /**
   * R10: a final assistant message is a prefill, and Anthropic rejects one ending in whitespace. The block
   * cannot become empty: whitespace-only text was already dropped (R5).
   */
  private static void stripPrefillTrailingWhitespace(Turn last) {
    if (!last.role.equals("assistant")) {
      return;
    }
    JsonObject block = last.blocks.get(last.blocks.size() - 1);
    if ("text".equals(block.getValue("type"))) {
      block.put("text", block.getString("text").stripTrailing());
    }
  }
}
