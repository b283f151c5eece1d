package dev.factoryproxy.client.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.config.TranslationSettings;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptPassThroughTest {
  private static final String DROID = TranslationSettings.DROID_PROMPT_PREFIX;
  private static final ModelInfo GPT = new ModelInfo("gpt-5.4", "openai", 128000, false, false, false, false, false,
    Route.RESPONSES, "openai");
  private final GptPassThrough pass = new GptPassThrough();

  private TranslatedRequest adapt(JsonObject request) {
    return pass.adapt(request, Map.of(), GPT, 1700000000L);
  }

  private static JsonObject request(JsonArray input) {
    return new JsonObject().put("model", "gpt-5.4").put("input", input);
  }

  private static JsonObject user(String id, String text) {
    return new JsonObject().put("type", "message").put("id", id).put("role", "user")
      .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", text)));
  }

  @Test
  void xp0_clientAndRoute() {
    assertEquals("responses", pass.client());
    assertEquals(Route.RESPONSES, pass.route());
  }

  @Test
  void xp1_codexSendsNoInstructionsSoTheDroidPromptBecomesThem() {
    JsonObject body = adapt(CodexFixture.firstRequest()).body();
    assertEquals(DROID, body.getString("instructions"));
    // Codex's own instructions stay where it put them: developer messages in input
    assertEquals("developer", body.getJsonArray("input").getJsonObject(0).getString("role"));
  }

  @Test
  void xp1_clientInstructionsFollowTheDroidPrompt() {
    JsonObject body = adapt(request(new JsonArray()).put("instructions", "Be brief.")).body();
    assertEquals(DROID + "\n\nBe brief.", body.getString("instructions"));
  }

  @Test
  void xp1_instructionsAlreadyBeginningWithTheDroidLineAreKept() {
    String own = DROID + " Custom.";
    assertEquals(own, adapt(request(new JsonArray()).put("instructions", own)).body().getString("instructions"));
  }

  @Test
  void xp2_storeIsAlwaysFalseWhatTheClientExpectedIsKeptForTheStore() {
    TranslatedRequest stored = adapt(request(new JsonArray()).put("store", true));
    assertEquals(false, stored.body().getBoolean("store"));
    assertEquals(true, stored.context().dialectState().getBoolean("clientStore"));
    TranslatedRequest unset = adapt(request(new JsonArray()));
    assertEquals(false, unset.body().getBoolean("store"));
    assertEquals(true, unset.context().dialectState().getBoolean("clientStore"));
    assertEquals(false, adapt(CodexFixture.firstRequest()).context().dialectState().getBoolean("clientStore"));
  }

  @Test
  void xp3_codexMessageIdsAreRemovedAndNothingElseInTheItem() {
    JsonObject codex = CodexFixture.firstRequest();
    JsonArray before = codex.getJsonArray("input");
    JsonArray after = adapt(codex).body().getJsonArray("input");
    assertEquals(before.size(), after.size());
    for (int i = 0; i < before.size(); i++) {
      assertTrue(before.getJsonObject(i).getString("id").startsWith("msg_"));
      JsonObject expected = before.getJsonObject(i).copy();
      expected.remove("id");
      assertEquals(expected, after.getJsonObject(i));
    }
    assertTrue(codex.getJsonArray("input").getJsonObject(0).containsKey("id"), "the client's body is not changed");
  }

  @Test
  void xp3_replayedServerIdsRemovedCallIdsAndEncryptedReasoningKept() {
    JsonArray input = new JsonArray()
      .add(user("msg_1", "hi"))
      .add(new JsonObject().put("type", "reasoning").put("id", "rs_1").put("summary", new JsonArray())
        .put("encrypted_content", "gAAAA-enc"))
      .add(new JsonObject().put("type", "function_call").put("id", "fc_1").put("call_id", "call_1")
        .put("name", "exec_command").put("arguments", "{}"))
      .add(new JsonObject().put("type", "function_call_output").put("call_id", "call_1").put("output", "ok"));
    JsonArray out = adapt(request(input)).body().getJsonArray("input");
    assertEquals(new JsonArray()
      .add(new JsonObject().put("type", "message").put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", "hi"))))
      .add(new JsonObject().put("type", "reasoning").put("summary", new JsonArray())
        .put("encrypted_content", "gAAAA-enc"))
      .add(new JsonObject().put("type", "function_call").put("call_id", "call_1").put("name", "exec_command")
        .put("arguments", "{}"))
      .add(new JsonObject().put("type", "function_call_output").put("call_id", "call_1").put("output", "ok")), out);
  }

  @Test
  void xp3b_reasoningWithoutEncryptedContentIsDroppedWithAWarning() {
    JsonArray input = new JsonArray().add(new JsonObject().put("type", "reasoning").put("id", "rs_1")
      .put("summary", new JsonArray())).add(user(null, "hi"));
    TranslatedRequest t = adapt(request(input));
    assertEquals(1, t.body().getJsonArray("input").size());
    assertEquals("message", t.body().getJsonArray("input").getJsonObject(0).getString("type"));
    assertTrue(t.warnings().get(0).startsWith("input[0]: reasoning item without encrypted_content dropped"));
  }

  @Test
  void xp4_previousResponseIdUnexpandedIsA400SayingWhy() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
      () -> adapt(request(new JsonArray()).put("previous_response_id", "resp_1")));
    assertEquals("previous_response_id", e.param());
    assertTrue(e.getMessage().contains("store: false"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"conversation", "background", "prompt"})
  void xp4_storedOnlyFieldsAre400(String field) {
    JsonObject req = request(new JsonArray()).put(field, "background".equals(field) ? (Object) true
      : new JsonObject().put("id", "x"));
    assertEquals(field, assertThrows(InvalidRequestException.class, () -> adapt(req)).param());
  }

  @Test
  void xp4_backgroundFalseIsFine() {
    assertEquals(false, adapt(request(new JsonArray()).put("background", false)).body().getBoolean("background"));
  }

  @Test
  void xp4_itemReferenceIsA400NamingTheItem() {
    JsonArray input = new JsonArray().add(user(null, "hi"))
      .add(new JsonObject().put("type", "item_reference").put("id", "msg_9"));
    assertEquals("input[1]", assertThrows(InvalidRequestException.class, () -> adapt(request(input))).param());
  }

  @Test
  void xp5_clientMetadataDroppedCachingAndReasoningFieldsKept() {
    JsonObject codex = CodexFixture.firstRequest();
    JsonObject body = adapt(codex).body();
    assertFalse(body.containsKey("client_metadata"));
    assertEquals(codex.getString("prompt_cache_key"), body.getString("prompt_cache_key"));
    assertEquals(new JsonArray().add("reasoning.encrypted_content"), body.getJsonArray("include"));
    assertEquals(new JsonObject().put("summary", "auto"), body.getJsonObject("reasoning"));
    assertEquals(true, body.getBoolean("stream"));
    assertEquals(true, body.getBoolean("parallel_tool_calls"));
    assertEquals("auto", body.getString("tool_choice"));
  }

  @Test
  void xp6_xp13_codexWebSearchAndNamespaceDroppedFunctionsKept() {
    JsonObject codex = CodexFixture.firstRequest();
    TranslatedRequest t = adapt(codex);
    JsonArray tools = t.body().getJsonArray("tools");
    assertEquals(codex.getJsonArray("tools").size() - 2, tools.size());
    for (Object tool : tools) {
      assertEquals("function", ((JsonObject) tool).getString("type"));
    }
    assertEquals(List.of("tools[4]: namespace tool multi_agent_v1 dropped (Factory's Responses route takes flat "
        + "function tools only)",
      "tools[8]: hosted tool web_search dropped (Factory does not run OpenAI's hosted tools)"), t.warnings());
  }

  @Test
  void xp6_toolChoiceNamingADroppedHostedToolFallsBackToAuto() {
    JsonObject req = request(new JsonArray()).put("tools", new JsonArray()
      .add(new JsonObject().put("type", "web_search"))).put("tool_choice", new JsonObject().put("type", "web_search"));
    TranslatedRequest t = adapt(req);
    assertEquals("auto", t.body().getString("tool_choice"));
    assertEquals(new JsonArray(), t.body().getJsonArray("tools"));
    assertEquals(2, t.warnings().size());
  }

  @Test
  void xp7_malformedInputIsA400() {
    JsonObject req = new JsonObject().put("model", "gpt-5.4").put("input", 5);
    assertEquals("input", assertThrows(InvalidRequestException.class, () -> adapt(req)).param());
    JsonObject noModel = new JsonObject().put("input", "hi");
    assertEquals("model", assertThrows(InvalidRequestException.class, () -> adapt(noModel)).param());
    JsonObject badItem = request(new JsonArray().add("hi"));
    assertEquals("input[0]", assertThrows(InvalidRequestException.class, () -> adapt(badItem)).param());
  }

  @Test
  void xp12_stringInputIsSentAsOneUserMessageItem() {
    JsonObject req = new JsonObject().put("model", "gpt-5.4").put("input", "Say hi");
    JsonArray expected = new JsonArray().add(new JsonObject().put("type", "message").put("role", "user")
      .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", "Say hi"))));
    assertEquals(expected, adapt(req).body().getJsonArray("input"));
    assertEquals("Say hi", req.getString("input"), "the client's body is not changed");
  }

  @Test
  void xp8_modelTableIdAndFastVariantOnThePriorityTier() {
    ModelInfo fast = new ModelInfo("gpt-5.4-fast", "openai", 128000, false, false, false, false, false,
      Route.RESPONSES, "azure_openai");
    TranslatedRequest t = pass.adapt(request(new JsonArray()).put("model", "fast"), Map.of(), fast, 1L);
    assertEquals("gpt-5.4", t.body().getString("model"));
    assertEquals("priority", t.body().getString("service_tier"));
    assertEquals(Map.of("x-api-provider", "azure_openai"), t.upstreamHeaders());
    assertEquals("fast", t.context().model());
  }

  @Test
  void xp9_answerIsUnchanged() {
    JsonObject answer = new JsonObject().put("id", "resp_1").put("object", "response");
    assertSame(answer, pass.answer(answer, adapt(request(new JsonArray())).context()));
  }

  private static final String CREATED = "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
    + "{\"id\":\"resp_9\",\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-5.4\",\"output\":[]}}";
  private static final String DELTA = "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,"
    + "\"item_id\":\"msg_9\",\"output_index\":0,\"content_index\":0,\"delta\":\"PO  NG\"}";
  private static final String COMPLETED = "{\"type\":\"response.completed\",\"sequence_number\":4,\"response\":"
    + "{\"id\":\"resp_9\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\"}],"
    + "\"usage\":{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":4},\"output_tokens\":3,"
    + "\"output_tokens_details\":{\"reasoning_tokens\":1},\"total_tokens\":13}}}";

  private StreamTranslation stream() {
    return pass.stream(adapt(request(new JsonArray()).put("stream", true)).context());
  }

  @Test
  void xp10_eventsForwardedByteForByteAndUsageTracked() {
    StreamTranslation s = stream();
    assertEquals("event: response.created\ndata: " + CREATED + "\n\n", s.onRawEvent("response.created", CREATED));
    assertEquals("event: response.output_text.delta\ndata: " + DELTA + "\n\n",
      s.onRawEvent("response.output_text.delta", DELTA));
    assertFalse(s.done());
    assertEquals("event: response.completed\ndata: " + COMPLETED + "\n\n",
      s.onRawEvent("response.completed", COMPLETED));
    assertTrue(s.done());
    assertFalse(s.failed());
    assertEquals("stop", s.finishReason());
    assertEquals(new JsonObject().put("prompt_tokens", 10L).put("completion_tokens", 3L).put("total_tokens", 13L)
      .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 4L))
      .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", 1L)), s.usage());
    assertEquals("", s.onUpstreamEnd());
    assertEquals("resp_9", ((PassThroughStream) s).completedResponse().getString("id"));
  }

  @Test
  void xp10_doneMarkerIsNotForwardedAndDataOnlyFramesStayDataOnly() {
    StreamTranslation s = stream();
    assertEquals("data: " + CREATED + "\n\n", s.onRawEvent(null, CREATED));
    assertEquals("", s.onRawEvent(null, "[DONE]"));
    assertEquals("data: a\ndata: b\n\n", s.onRawEvent(null, "a\nb"));
  }

  @Test
  void xp10_incompleteAndFunctionCallsSetTheFinishReason() {
    StreamTranslation s = stream();
    s.onRawEvent("response.incomplete", "{\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\","
      + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}}");
    assertEquals("length", s.finishReason());
    assertFalse(s.failed());
    StreamTranslation t = stream();
    t.onRawEvent(null, "{\"type\":\"response.completed\",\"response\":{\"output\":[{\"type\":\"function_call\"}]}}");
    assertEquals("tool_calls", t.finishReason());
  }

  @Test
  void xp11_prematureEndIsResponseFailedNeverCompleted() {
    StreamTranslation s = stream();
    s.onRawEvent("response.created", CREATED);
    s.onRawEvent("response.output_text.delta", DELTA);
    String end = s.onUpstreamEnd();
    assertFalse(end.contains("response.completed"));
    assertTrue(end.startsWith("event: response.failed\ndata: "));
    JsonObject event = new JsonObject(end.substring(end.indexOf("data: ") + 6).strip());
    assertEquals("response.failed", event.getString("type"));
    assertEquals(4L, event.getLong("sequence_number"));
    assertEquals("resp_9", event.getJsonObject("response").getString("id"));
    assertEquals("failed", event.getJsonObject("response").getString("status"));
    assertEquals("server_error", event.getJsonObject("response").getJsonObject("error").getString("code"));
    assertTrue(s.done());
    assertTrue(s.failed());
    assertNull(((PassThroughStream) s).completedResponse());
    assertEquals("", s.onRawEvent("response.completed", COMPLETED), "nothing after the end");
  }

  @Test
  void xp11_upstreamFailedEventIsForwardedAndEndsTheStream() {
    StreamTranslation s = stream();
    String failed = "{\"type\":\"response.failed\",\"sequence_number\":1,\"response\":{\"status\":\"failed\","
      + "\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}}";
    assertEquals("event: response.failed\ndata: " + failed + "\n\n", s.onRawEvent("response.failed", failed));
    assertTrue(s.failed());
    assertEquals("", s.onUpstreamEnd());
  }

  @Test
  void xe1_openAiErrorKeepsTypeParamAndCode() {
    String body = "{\"error\":{\"message\":\"Invalid 'input[0].id'\",\"type\":\"invalid_request_error\","
      + "\"param\":\"input[0].id\",\"code\":\"invalid_value\"}}";
    MappedError e = pass.error(400, body, Map.of(), false);
    assertEquals(400, e.status());
    assertEquals(new JsonObject().put("error", new JsonObject().put("message", "Invalid 'input[0].id'")
      .put("type", "invalid_request_error").put("param", "input[0].id").put("code", "invalid_value")), e.body());
  }

  @Test
  void xe1_factoryQuota402ShowsItsDetail() {
    String body = "{\"detail\":\"You've reached your 5-hour standard usage limit (resets in 1h 0min).\","
      + "\"status\":402,\"title\":\"Payment Required\"}";
    MappedError e = pass.error(402, body, Map.of(), false);
    assertEquals(402, e.status());
    assertEquals("You've reached your 5-hour standard usage limit (resets in 1h 0min).",
      e.body().getJsonObject("error").getString("message"));
    assertEquals("insufficient_quota", e.body().getJsonObject("error").getString("code"));
  }
}
