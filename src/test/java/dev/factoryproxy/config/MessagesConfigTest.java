package dev.factoryproxy.config;

import dev.factoryproxy.client.messages.ClaudePassThrough;
import dev.factoryproxy.client.messages.MessagesSettings;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code translation.messages}: read once with the configuration, validated, and what the pass-through applies. */
class MessagesConfigTest {
  private static ProxyConfig config(String translation) {
    return ProxyConfig.fromJson(new JsonObject("{\"translation\":" + translation + "}"));
  }

  private static TranslatedRequest claudeCode(MessagesSettings settings, String betas) {
    JsonObject body = new JsonObject().put("model", "claude-sonnet-4-5-20250929").put("max_tokens", 256)
      .put("system", "You are Claude Code, Anthropic's official CLI for Claude. Be brief.")
      .put("context_management", new JsonObject().put("edits", new JsonArray()))
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
    ModelInfo model = config("{}").translation().models().resolve("claude-sonnet-4-5-20250929");
    return new ClaudePassThrough(settings).adapt(body, Map.of("anthropic-beta", betas), model, 0);
  }

  @Test
  void mp4_withoutTheSectionTheDefaultsApply() {
    MessagesConfig messages = config("{}").translation().messages();
    assertEquals(MessagesConfig.DEFAULT_ALLOWED_BETAS, messages.allowedBetas());
    assertEquals(MessagesConfig.defaultRewrites(), messages.promptRewrites());
    assertTrue(messages.dropBillingHeader());
    assertEquals(MessagesSettings.FACTORY_CLI_BETAS, MessagesSettings.from(config("{}").translation()).allowedBetas());
  }

  @Test
  void mp4_theConfiguredAllowListDecidesWhichBetasPassAndWhichFieldsGo() {
    MessagesSettings settings = MessagesSettings.from(config("{\"messages\":{\"allowedBetas\":"
      + "[\"context-management-2025-06-27\"]}}").translation());
    TranslatedRequest adapted = claudeCode(settings, "interleaved-thinking-2025-05-14,context-management-2025-06-27");
    assertEquals("context-management-2025-06-27", adapted.upstreamHeaders().get("anthropic-beta"));
    assertTrue(adapted.body().containsKey("context_management"), "its beta is kept, so the field stays");
    assertEquals(List.of("anthropic-beta interleaved-thinking-2025-05-14 dropped: Factory does not accept it"),
      adapted.warnings());
  }

  @Test
  void mp3_theConfiguredRewritesReplaceTheDefaultsInOrder() {
    MessagesSettings settings = MessagesSettings.from(config("{\"messages\":{\"promptRewrites\":"
      + "{\"Claude Code\":\"a coding agent\",\"Be brief.\":\"Be very brief.\"}}}").translation());
    JsonArray system = claudeCode(settings, "").body().getJsonArray("system");
    assertEquals("You are a coding agent, Anthropic's official CLI for Claude. Be very brief.",
      system.getJsonObject(1).getString("text"));
  }

  @Test
  void mp3_anEmptyRewriteListRewritesNothing() {
    MessagesSettings settings = MessagesSettings.from(config("{\"messages\":{\"promptRewrites\":{}}}")
      .translation());
    assertEquals("You are Claude Code, Anthropic's official CLI for Claude. Be brief.",
      claudeCode(settings, "").body().getJsonArray("system").getJsonObject(1).getString("text"));
  }

  static Stream<Arguments> badSections() {
    return Stream.of(
      Arguments.of("{\"messages\":[]}", "translation.messages"),
      Arguments.of("{\"messages\":{\"allowedBetas\":[\"\"]}}", "translation.messages.allowedBetas[0]"),
      Arguments.of("{\"messages\":{\"allowedBetas\":[\"a b\"]}}", "translation.messages.allowedBetas"),
      Arguments.of("{\"messages\":{\"allowedBetas\":7}}", "translation.messages.allowedBetas"),
      Arguments.of("{\"messages\":{\"promptRewrites\":{\"Claude Code\":3}}}",
        "translation.messages.promptRewrites.Claude Code"),
      Arguments.of("{\"messages\":{\"promptRewrites\":{\"Claude Code\":\"\"}}}",
        "translation.messages.promptRewrites"),
      Arguments.of("{\"messages\":{\"promptRewrites\":{\" \":\"x\"}}}", "translation.messages.promptRewrites"),
      Arguments.of("{\"messages\":{\"dropBillingHeader\":\"sometimes\"}}", "translation.messages.dropBillingHeader"));
  }

  @ParameterizedTest
  @MethodSource("badSections")
  void mp4_badValuesStopStartupNamingTheKey(String translation, String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> config(translation));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
