package dev.factoryproxy.translate;

import dev.factoryproxy.config.TranslationSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The Anthropic {@code system}: Factory's Droid prompt first, then the client's own blocks in order (R1–R3). */
final class SystemPrompt {
  private SystemPrompt() {
  }

  /**
   * Factory answers 403 unless the first system block begins with the Droid prefix, so the configured Droid
   * prompt always leads — unless the client's first block already begins with the prefix itself.
   */
  static JsonArray compose(String droidPrompt, List<JsonObject> clientBlocks) {
    JsonArray system = new JsonArray();
    if (!startsWithDroidPrefix(clientBlocks)) {
      system.add(ContentTranslator.textBlock(droidPrompt));
    }
    clientBlocks.forEach(system::add);
    return system;
  }

  private static boolean startsWithDroidPrefix(List<JsonObject> clientBlocks) {
    return !clientBlocks.isEmpty()
      && clientBlocks.get(0).getString("text").startsWith(TranslationSettings.DROID_PROMPT_PREFIX);
  }
}
