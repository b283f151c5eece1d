package dev.factoryproxy.client.messages;

import dev.factoryproxy.client.messages.Fixtures.Captured;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.translate.Identifiers;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.TestSettings;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaudePassThroughTest {
  private final ClaudePassThrough passThrough = new ClaudePassThrough(Fixtures.settings());

  private TranslatedRequest adapt(JsonObject body, Map<String, String> headers) {
    return passThrough.adapt(body, headers, Fixtures.SONNET, 1_700_000_000L);
  }

  private static JsonObject minimal() {
    return new JsonObject("""
      {"model":"sonnet","max_tokens":1024,"messages":[{"role":"user","content":"Hi"}]}""");
  }

  @Test
  void namesItsClientAndRoute() {
    assertEquals("messages", passThrough.client());
    assertEquals(Route.MESSAGES, passThrough.route());
  }

  @Test
  void mp1_claudeCodesFirstRequestPassesTheStrictFakesRules() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    assertTrue(FakeFactory.bodyRejection(cc.body()) != null, "as sent, Factory would refuse it");
    TranslatedRequest adapted = adapt(cc.body(), cc.headers());
    assertNull(FakeFactory.bodyRejection(adapted.body()));
  }

  @Test
  void mp1_modelBecomesTheTablesIdAndMalformedBodiesNameTheField() {
    assertEquals(TestSettings.SONNET, adapt(minimal(), Map.of()).body().getString("model"));
    InvalidRequestException noMessages = assertThrows(InvalidRequestException.class,
      () -> adapt(minimal().put("messages", new JsonArray()), Map.of()));
    assertEquals("messages", noMessages.param());
    InvalidRequestException noMax = assertThrows(InvalidRequestException.class,
      () -> adapt(minimal().putNull("max_tokens"), Map.of()));
    assertEquals("max_tokens", noMax.param());
    assertEquals("max_tokens: Field required", noMax.getMessage());
    InvalidRequestException badStream = assertThrows(InvalidRequestException.class,
      () -> adapt(minimal().put("stream", "yes"), Map.of()));
    assertEquals("stream", badStream.param());
  }

  @Test
  void mp2_droidLineLeadsAndAStringSystemBecomesABlock() {
    JsonArray system = adapt(minimal().put("system", "Be brief."), Map.of()).body().getJsonArray("system");
    assertEquals(new JsonArray()
      .add(new JsonObject().put("type", "text").put("text", TestSettings.DROID_PROMPT))
      .add(new JsonObject().put("type", "text").put("text", "Be brief.")), system);
  }

  @Test
  void mp2_clientBlocksKeepTheirCacheControlAndADroidFirstBlockIsNotRepeated() {
    JsonArray client = new JsonArray()
      .add(new JsonObject().put("type", "text").put("text", TestSettings.DROID_PROMPT + " Extra."))
      .add(new JsonObject().put("type", "text").put("text", "Rules").put("cache_control",
        new JsonObject().put("type", "ephemeral").put("ttl", "1h")));
    JsonArray system = adapt(minimal().put("system", client), Map.of()).body().getJsonArray("system");
    assertEquals(client, system);
  }

  @Test
  void mp3_claudeCodesSystemBlocksAreRewrittenAndTheBillingHeaderGoes() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    JsonArray system = adapt(cc.body(), cc.headers()).body().getJsonArray("system");
    JsonArray original = cc.body().getJsonArray("system");
    assertEquals(3, system.size()); // Droid + the two cached blocks; the billing header is gone
    assertEquals(new JsonObject().put("type", "text").put("text", TestSettings.DROID_PROMPT), system.getJsonObject(0));
    assertEquals(new JsonObject().put("type", "text").put("text", MessagesSettings.NEUTRAL_LINE)
      .put("cache_control", new JsonObject().put("type", "ephemeral")), system.getJsonObject(1));
    assertEquals(original.getJsonObject(2), system.getJsonObject(2));
    assertTrue(original.getJsonObject(0).getString("text").startsWith("x-anthropic-billing-header:"));
  }

  @Test
  void mp3_theClaudeCodeLineIsNeutralisedInSystemAndMessages() {
    String line = MessagesSettings.CLAUDE_CODE_LINE;
    JsonObject body = minimal().put("system", line + " Help the user.")
      .put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "Say: " + line))
        .add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
          .add(new JsonObject().put("type", "text").put("text", line))))
        .add(new JsonObject().put("role", "user").put("content", "ok")));
    JsonObject adapted = adapt(body, Map.of()).body();
    assertEquals(MessagesSettings.NEUTRAL_LINE + " Help the user.",
      adapted.getJsonArray("system").getJsonObject(1).getString("text"));
    assertEquals("Say: " + MessagesSettings.NEUTRAL_LINE,
      adapted.getJsonArray("messages").getJsonObject(0).getString("content"));
    assertEquals(MessagesSettings.NEUTRAL_LINE, adapted.getJsonArray("messages").getJsonObject(1)
      .getJsonArray("content").getJsonObject(0).getString("text"));
    assertFalse(adapted.encode().contains(line));
    assertTrue(body.encode().contains(line), "the client's body is not modified");
  }

  @Test
  void mp4_claudeCodesBetasAreCutToTheAllowListAndTheDroppedOnesNamed() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    TranslatedRequest adapted = adapt(cc.body(), cc.headers());
    assertEquals(Map.of("anthropic-version", "2023-06-01", "anthropic-beta", "interleaved-thinking-2025-05-14"),
      adapted.upstreamHeaders());
    assertTrue(adapted.warnings().contains("anthropic-beta claude-code-20250219, context-management-2025-06-27, "
      + "thinking-token-count-2026-05-13, advanced-tool-use-2025-11-20 dropped: Factory does not accept it"),
      adapted.warnings().toString());
  }

  @Test
  void mp4_allowedBetasPassInOrderOnceAndAMissingVersionGetsTheDefault() {
    TranslatedRequest adapted = adapt(minimal(), Map.of("anthropic-beta",
      " fine-grained-tool-streaming-2025-05-14, interleaved-thinking-2025-05-14,"
        + "fine-grained-tool-streaming-2025-05-14"));
    assertEquals("fine-grained-tool-streaming-2025-05-14,interleaved-thinking-2025-05-14",
      adapted.upstreamHeaders().get("anthropic-beta"));
    assertEquals("2023-06-01", adapted.upstreamHeaders().get("anthropic-version"));
    assertEquals(List.of(), adapted.warnings());
    assertEquals("2024-01-01", adapt(minimal(), Map.of("anthropic-version", "2024-01-01"))
      .upstreamHeaders().get("anthropic-version"));
  }

  @Test
  void mp5_fieldsOfDroppedBetasGoSoTheBodyStaysValid() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    JsonObject body = adapt(cc.body(), cc.headers()).body();
    assertFalse(body.containsKey("context_management"));
    body.getJsonArray("tools").forEach(t -> assertFalse(((JsonObject) t).containsKey("defer_loading")));
    assertEquals(cc.body().getJsonArray("tools").size(), body.getJsonArray("tools").size(), "no tool is lost");
    assertEquals(cc.body().getJsonObject("thinking"), body.getJsonObject("thinking"), "thinking.display is GA");
  }

  @Test
  void mp5_aBetaFieldWithoutAnyBetaHeaderGoesToo() {
    JsonObject body = minimal().put("context_management", new JsonObject().put("edits", new JsonArray()));
    TranslatedRequest adapted = adapt(body, Map.of());
    assertFalse(adapted.body().containsKey("context_management"));
    assertEquals(List.of("context_management was removed: Factory does not accept the context-management beta"),
      adapted.warnings());
  }

  @Test
  void mp5_fieldsStayWhenTheirBetaIsAllowed() {
    MessagesSettings settings = Fixtures.settings();
    MessagesSettings permissive = new MessagesSettings(settings.droidPrompt(),
      List.of("context-management-2025-06-27", "advanced-tool-use-2025-11-20"), settings.promptRewrites(), true,
      settings.nonStreamMaxTokensCap(), settings.thinkingBudgets());
    Captured cc = Fixtures.claudeCodeFirstRequest();
    JsonObject body = new ClaudePassThrough(permissive).adapt(cc.body(), cc.headers(), Fixtures.SONNET, 0).body();
    assertEquals(cc.body().getJsonObject("context_management"), body.getJsonObject("context_management"));
    assertEquals(cc.body().getJsonArray("tools"), body.getJsonArray("tools"));
  }

  @Test
  void mp6_maxTokensAboveTheModelLimitIsLoweredWithTheThinkingBudget() {
    JsonObject body = minimal().put("stream", true).put("max_tokens", 100_000)
      .put("thinking", new JsonObject().put("type", "enabled").put("budget_tokens", 80_000));
    TranslatedRequest adapted = adapt(body, Map.of());
    assertEquals(64_000, adapted.body().getInteger("max_tokens"));
    assertEquals(63_999, adapted.body().getJsonObject("thinking").getInteger("budget_tokens"));
    assertEquals(List.of("max_tokens lowered from 100000 to 64000 (the model's limit)",
      "thinking.budget_tokens lowered to 63999 to stay below max_tokens"), adapted.warnings());
  }

  @Test
  void mp6_nonStreamRequestsAreCappedAndClaudeCodesStreamedOneIsNot() {
    TranslatedRequest nonStream = adapt(minimal().put("max_tokens", 32_000), Map.of());
    assertEquals(TestSettings.NON_STREAM_CAP, nonStream.body().getInteger("max_tokens"));
    Captured cc = Fixtures.claudeCodeFirstRequest();
    assertEquals(32_000, adapt(cc.body(), cc.headers()).body().getInteger("max_tokens"));
  }

  @Test
  void mp7_claudeCodesUserIdPassesAndPersonalIdsAreHashed() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    assertEquals(cc.body().getJsonObject("metadata"), adapt(cc.body(), cc.headers()).body().getJsonObject("metadata"));
    JsonObject email = minimal().put("metadata", new JsonObject().put("user_id", "jane@example.com"));
    assertEquals(Identifiers.sha256Hex("jane@example.com"),
      adapt(email, Map.of()).body().getJsonObject("metadata").getString("user_id"));
    InvalidRequestException bad = assertThrows(InvalidRequestException.class,
      () -> adapt(minimal().put("metadata", new JsonObject().put("user_id", 7)), Map.of()));
    assertEquals("metadata.user_id", bad.param());
  }

  @Test
  void mp8_answersAreForwardedUnchanged() {
    JsonObject answer = new JsonObject("""
      {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"PONG"}],
       "stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}""");
    assertSame(answer, passThrough.answer(answer, adapt(minimal(), Map.of()).context()));
  }

  @Test
  void mp8_contextSaysStreamAndModel() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    TranslatedRequest adapted = adapt(cc.body(), cc.headers());
    assertTrue(adapted.context().stream());
    assertEquals(TestSettings.SONNET, adapted.context().model());
    assertEquals(new JsonObject().put("client", "messages").put("passThrough", true),
      adapted.context().dialectState());
  }
}
