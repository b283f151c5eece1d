package dev.factoryproxy.client.messages;

import dev.factoryproxy.config.TranslationSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;

/**
 * Factory's system-prompt gate for a client's own Messages body (MP2, MP3): the Droid line is the first system
 * block, Claude Code's billing-header block goes, and the configured phrases Factory answers 403 to are rewritten
 * wherever text appears. Every other block keeps its place and its {@code cache_control}.
 */
final class SystemGate {
  static final String BILLING_HEADER_PREFIX = "x-anthropic-billing-header:";

  private SystemGate() {
  }

  /** The new {@code system} array: the Droid block, then the client's blocks (rewritten, billing header dropped). */
  static JsonArray system(Object clientSystem, MessagesSettings settings) {
    JsonArray blocks = clientBlocks(clientSystem);
    JsonArray out = new JsonArray();
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject block = blocks.getJsonObject(i);
      String text = block.getString("text");
      if (settings.dropBillingHeader() && text.startsWith(BILLING_HEADER_PREFIX)) {
        continue; // meant for Anthropic's own billing; to Factory it is just another non-Droid line
      }
      out.add(block.copy().put("text", rewrite(text, settings.promptRewrites())));
    }
    boolean droidAlreadyFirst = !out.isEmpty() && out.getJsonObject(0).getString("text")
      .startsWith(TranslationSettings.DROID_PROMPT_PREFIX);
    if (!droidAlreadyFirst) {
      JsonArray withDroid = new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", settings.droidPrompt()));
      out.forEach(withDroid::add);
      return withDroid;
    }
    return out;
  }

  /** Replaces every configured phrase; text with none of them comes back as the same string. */
  static String rewrite(String text, Map<String, String> rewrites) {
    String result = text;
    for (Map.Entry<String, String> rewrite : rewrites.entrySet()) {
      if (result.contains(rewrite.getKey())) {
        result = result.replace(rewrite.getKey(), rewrite.getValue());
      }
    }
    return result;
  }

  /** MP3: the phrases may sit in any text, so message text blocks and string contents are rewritten too. */
  static void rewriteMessages(JsonArray messages, Map<String, String> rewrites) {
    for (Object value : messages) {
      if (!(value instanceof JsonObject message)) {
        continue;
      }
      Object content = message.getValue("content");
      if (content instanceof String text) {
        message.put("content", rewrite(text, rewrites));
      } else if (content instanceof JsonArray blocks) {
        for (Object block : blocks) {
          if (block instanceof JsonObject b && "text".equals(b.getValue("type"))
            && b.getValue("text") instanceof String t) {
            b.put("text", rewrite(t, rewrites));
          }
        }
      }
    }
  }

  /** A string {@code system} is one text block; an array must hold text blocks (Anthropic allows nothing else). */
  private static JsonArray clientBlocks(Object system) {
    if (system == null) {
      return new JsonArray();
    }
    if (system instanceof String text) {
      return text.isEmpty() ? new JsonArray()
        : new JsonArray().add(new JsonObject().put("type", "text").put("text", text));
    }
    if (!(system instanceof JsonArray blocks)) {
      throw invalid("system", "system: Input should be a valid string or a list of text blocks");
    }
    for (int i = 0; i < blocks.size(); i++) {
      String path = index("system", i);
      if (!(blocks.getValue(i) instanceof JsonObject block) || !"text".equals(block.getValue("type"))
        || !(block.getValue("text") instanceof String)) {
        throw invalid(path, path + ": each system block must be {\"type\":\"text\",\"text\":...}");
      }
    }
    return blocks;
  }
}
