package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConversationStoreSettingsTest {
  private static JsonObject store(JsonObject settings) {
    return new JsonObject().put("responses", new JsonObject().put("conversationStore", settings));
  }

  @Test
  void xr17_defaultsAndTheShippedConfigurationAgree() {
    assertEquals(ConversationStoreSettings.DEFAULTS, ConversationStoreSettings.fromJson(new JsonObject()));
    assertEquals(ConversationStoreSettings.DEFAULTS, ConversationStoreSettings.fromJson(ConfigLoader.load(Map.of())));
  }

  @Test
  void xr17_keysAreReadAndValidatedByName() {
    assertEquals(new ConversationStoreSettings(false, 5, 1000, 60), ConversationStoreSettings.fromJson(store(
      new JsonObject().put("enabled", false).put("maxEntries", 5).put("maxChars", 1000).put("ttlSeconds", 60))));
    ConfigException zero = assertThrows(ConfigException.class, () -> ConversationStoreSettings.fromJson(store(
      new JsonObject().put("ttlSeconds", 0))));
    assertEquals("responses.conversationStore.ttlSeconds must be greater than 0, got 0", zero.getMessage());
    ConfigException notObject = assertThrows(ConfigException.class, () -> ConversationStoreSettings.fromJson(
      new JsonObject().put("responses", new JsonObject().put("conversationStore", true))));
    assertEquals("responses.conversationStore must be an object", notObject.getMessage());
  }
}
