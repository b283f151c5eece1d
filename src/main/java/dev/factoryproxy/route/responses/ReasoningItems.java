package dev.factoryproxy.route.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reasoning items ↔ the hub's {@code thinking_blocks} (OR5, OS4, OT5). A Responses reasoning item's
 * {@code encrypted_content} travels as a thinking block's signature behind {@link #SIGNATURE_PREFIX}, so the
 * Messages route can tell it is not an Anthropic signature and drop it, and this route can replay it.
 */
public final class ReasoningItems {
  /** Marks a thinking-block signature that holds a Responses reasoning item's encrypted content. */
  public static final String SIGNATURE_PREFIX = "openai-reasoning:";

  private ReasoningItems() {
  }

  /** The summary texts of a reasoning item (and its reasoning_text content, if any), joined with newlines. */
  static String text(JsonObject item) {
    StringBuilder text = new StringBuilder();
    appendTexts(text, item.getValue("summary"));
    appendTexts(text, item.getValue("content"));
    return text.toString();
  }

  private static void appendTexts(StringBuilder out, Object parts) {
    if (!(parts instanceof JsonArray array)) {
      return;
    }
    for (Object part : array) {
      if (part instanceof JsonObject p && p.getValue("text") instanceof String t && !t.isEmpty()) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(t);
      }
    }
  }

  /** A hub thinking block for a reasoning item, or null when the item has nothing to replay. */
  static JsonObject thinkingBlock(String thinking, String encryptedContent) {
    if (encryptedContent == null || encryptedContent.isEmpty()) {
      return null;
    }
    return new JsonObject().put("type", "thinking").put("thinking", thinking)
      .put("signature", SIGNATURE_PREFIX + encryptedContent);
  }

  /** OR5: a hub thinking block this route produced → a reasoning input item (no id: store is false); else null. */
  static JsonObject inputItem(JsonObject thinkingBlock) {
    if (!"thinking".equals(thinkingBlock.getValue("type"))
      || !(thinkingBlock.getValue("signature") instanceof String signature)
      || !signature.startsWith(SIGNATURE_PREFIX) || signature.length() == SIGNATURE_PREFIX.length()) {
      return null;
    }
    JsonArray summary = new JsonArray();
    if (thinkingBlock.getValue("thinking") instanceof String text && !text.isEmpty()) {
      summary.add(new JsonObject().put("type", "summary_text").put("text", text));
    }
    return new JsonObject().put("type", "reasoning").put("summary", summary)
      .put("encrypted_content", signature.substring(SIGNATURE_PREFIX.length()));
  }
}
