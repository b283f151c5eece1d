package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reasoning items ↔ the hub's {@code thinking_blocks} (XR7, XS3). A signed thinking block travels to the client as
 * {@code encrypted_content} with a prefix that says it is ours, so only our own signatures ever go back to a
 * route: an OpenAI {@code encrypted_content} means nothing to Claude and would make it answer 400.
 */
final class ReasoningItems {
  static final String THINKING = "fpx.thinking.";
  static final String REDACTED = "fpx.redacted.";

  private ReasoningItems() {
  }

  /** The client's {@code encrypted_content} → a hub thinking block, or null when it is not one of ours. */
  static JsonObject thinkingBlock(String encrypted, String summaryText) {
    if (encrypted == null) {
      return null;
    }
    if (encrypted.startsWith(THINKING)) {
      return new JsonObject().put("type", "thinking").put("thinking", summaryText)
        .put("signature", encrypted.substring(THINKING.length()));
    }
    if (encrypted.startsWith(REDACTED)) {
      return new JsonObject().put("type", "redacted_thinking").put("data", encrypted.substring(REDACTED.length()));
    }
    return null;
  }

  /** A hub thinking block → its {@code encrypted_content}, null when there is no signature to carry. */
  static String encrypted(JsonObject block) {
    if ("redacted_thinking".equals(block.getString("type"))) {
      return block.getString("data") == null ? null : REDACTED + block.getString("data");
    }
    String signature = block.getString("signature");
    return signature == null || signature.isEmpty() ? null : THINKING + signature;
  }

  /** The summary texts of a reasoning item, joined as they were split. */
  static String summaryText(JsonArray summary) {
    StringBuilder text = new StringBuilder();
    for (Object part : summary == null ? new JsonArray() : summary) {
      if (part instanceof JsonObject p && p.getValue("text") instanceof String t) {
        text.append(t);
      }
    }
    return text.toString();
  }

  static JsonArray summary(String text) {
    return text == null || text.isEmpty() ? new JsonArray()
      : new JsonArray().add(new JsonObject().put("type", "summary_text").put("text", text));
  }
}
