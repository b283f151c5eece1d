package dev.factoryproxy.client.messages;

import dev.factoryproxy.client.messages.Fixtures.Captured;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.translate.TestSettings;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountTokensTest {
  private final ClaudePassThrough passThrough = new ClaudePassThrough(Fixtures.settings());

  @Test
  void mc1_theCountRequestGetsTheSameAdjustmentsWithoutMessagesOnlyFields() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    TranslatedRequest count = passThrough.adaptCountTokens(cc.body(), cc.headers(), Fixtures.SONNET);
    TranslatedRequest send = passThrough.adapt(cc.body(), cc.headers(), Fixtures.SONNET, 0);
    assertEquals(send.body().getJsonArray("system"), count.body().getJsonArray("system"));
    assertEquals(send.body().getJsonArray("messages"), count.body().getJsonArray("messages"));
    assertEquals(send.body().getJsonArray("tools"), count.body().getJsonArray("tools"));
    assertEquals(send.upstreamHeaders(), count.upstreamHeaders());
    for (String gone : List.of("max_tokens", "stream", "metadata", "context_management")) {
      assertFalse(count.body().containsKey(gone), gone);
    }
    assertEquals("/api/llm/a/v1/messages/count_tokens", CountTokens.FACTORY_PATH);
  }

  @Test
  void mc2_factorysAnswerIsCutToInputTokens() {
    assertEquals(new JsonObject().put("input_tokens", 2095),
      CountTokens.answer(new JsonObject().put("input_tokens", 2095).put("extra", true)));
    assertThrows(IllegalArgumentException.class, () -> CountTokens.answer(new JsonObject()));
  }

  @Test
  void mc3_theEstimateCountsTextHighAndMediaAsAFixedAmount() {
    JsonObject request = new JsonObject("""
      {"model":"m","system":"abc","messages":[{"role":"user","content":[{"type":"text","text":"abcdef"},
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]}]}"""
      .formatted("A".repeat(30_000)));
    // "abc" (3) + keys role/content/text (4+7+4) + "user" (4) + "abcdef" (6) = 28 bytes → 10 tokens, plus one image
    assertEquals(new JsonObject().put("input_tokens", 10 + 1600), CountTokens.estimate(request));
    Captured cc = Fixtures.claudeCodeFirstRequest();
    long estimate = CountTokens.estimate(cc.body()).getLong("input_tokens");
    assertTrue(estimate > cc.body().encode().length() / 4, "errs high: " + estimate); // LiteLLM #37102
  }

  @Test
  void mm1_modelsInAnthropicsListFormat() {
    List<ModelInfo> models = List.of(Fixtures.SONNET, Fixtures.OPUS);
    JsonObject list = AnthropicModelList.of(models, Instant.parse("2026-12-01T00:00:00Z"));
    assertEquals(new JsonObject("""
      {"data":[{"type":"model","id":"%s","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"},
               {"type":"model","id":"%s","display_name":"Claude Opus 4.6","created_at":"2026-12-01T00:00:00Z"}],
       "has_more":false,"first_id":"%s","last_id":"%s"}""".formatted(TestSettings.SONNET, TestSettings.OPUS,
      TestSettings.SONNET, TestSettings.OPUS)), list);
    assertEquals(new JsonObject("{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}"),
      AnthropicModelList.of(List.of(), Instant.EPOCH));
  }

  @Test
  void mm2_displayNamesFromIds() {
    Map<String, String> table = Map.of("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "gpt-5.3-codex",
      "Gpt 5.3 Codex", "glm-5", "Glm 5", "kimi-k2.5", "Kimi K2.5", "gemini-3.1-pro-preview", "Gemini 3.1 Pro Preview");
    table.forEach((id, name) -> assertEquals(name, AnthropicModelList.displayName(id), id));
  }
}
