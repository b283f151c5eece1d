package dev.factoryproxy.route.chat;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreChatRouteTest {
  static final String DROID = "You are Droid, an AI software engineering agent built by Factory.";
  static final ModelInfo GLM = new ModelInfo("glm-5", "zhipu", 16384, false, false, false, false, false,
    Route.CHAT, "fireworks");
  static final ModelInfo KIMI = new ModelInfo("kimi-k2.5", "moonshot", 32768, false, false, false, false, false,
    Route.CHAT, "baseten");
  private static final CoreChatRoute ROUTE = new CoreChatRoute(DROID);
  private static final String DONE = "data: [DONE]\n\n";

  static JsonObject body(String json) {
    return ROUTE.fromChat(new JsonObject(json), GLM, 1700000000L).body();
  }

  private static InvalidRequestException refused(String json) {
    return assertThrows(InvalidRequestException.class, () -> body(json));
  }

  // ---- request ----

  @Test
  void cr1_modelIsTheTableIdAndMaxTokensDefaultsToTheModelLimit() {
    assertEquals(new JsonObject("""
      {"model":"glm-5","messages":[{"role":"system","content":"%s"},{"role":"user","content":"Hi"}],
       "max_tokens":16384}""".formatted(DROID)), body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}]}"""));
  }

  @Test
  void cr2_droidPromptLeadsUnlessTheClientsFirstSystemMessageAlreadyBeginsWithIt() {
    assertEquals(new io.vertx.core.json.JsonArray("""
      [{"role":"system","content":"%s"},{"role":"system","content":"Be brief.\\nReally."},
       {"role":"user","content":"Hi"}]""".formatted(DROID)),
      body("""
      {"model":"glm-5","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."},
       {"type":"text","text":"Really."}]},{"role":"user","content":"Hi"}]}""").getJsonArray("messages"));
    assertEquals(2, body("""
      {"model":"glm-5","messages":[{"role":"system","content":"%s Extra."},{"role":"user","content":"Hi"}]}"""
      .formatted(DROID)).getJsonArray("messages").size());
  }

  @Test
  void cr3_developerMessagesBecomeSystemMessagesInPlace() {
    assertEquals("system", body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"},{"role":"developer","content":"Terse."}]}""")
      .getJsonArray("messages").getJsonObject(2).getString("role"));
  }

  @Test
  void cr4_imagePartsPassAndOtherPartTypesAreRefused() {
    JsonObject user = body("""
      {"model":"glm-5","messages":[{"role":"user","content":[{"type":"text","text":"What?"},
       {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"high"}}]}]}""")
      .getJsonArray("messages").getJsonObject(1);
    assertEquals(new JsonObject("""
      {"role":"user","content":[{"type":"text","text":"What?"},
       {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}"""), user);
    assertEquals("messages[0].content[0]", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}""")
      .param());
    assertEquals("messages[0].content[0].image_url.url", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"file:/x"}}]}]}""")
      .param());
  }

  private static final String TOOL_LOOP = """
    {"model":"glm-5","messages":[{"role":"user","content":"Weather?"},
     {"role":"assistant","content":null,"reasoning_content":"Need the tool.",
      "thinking_blocks":[{"type":"thinking","thinking":"x","signature":"s"}],
      "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},
     {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
     "tools":[{"type":"function","function":{"name":"get_weather","strict":true,
      "parameters":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}}}]}""";

  @Test
  void cr5_assistantToolTurnsCarryEmptyContentKeepReasoningAndDropThinkingBlocks() {
    assertEquals(new JsonObject("""
      {"role":"assistant","content":"","reasoning_content":"Need the tool.",
       "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}"""),
      body(TOOL_LOOP).getJsonArray("messages").getJsonObject(2));
    assertEquals("messages[1].tool_calls[0].function.arguments", refused(TOOL_LOOP.replace(
      "\"arguments\":\"\"", "\"arguments\":\"[1]\"")).param());
  }

  @Test
  void cr6_toolResultsCarryTheCalledFunctionsNameAndMustAnswerAnOpenCall() {
    assertEquals(new JsonObject("""
      {"role":"tool","tool_call_id":"call_1","name":"get_weather","content":"sunny"}"""),
      body(TOOL_LOOP).getJsonArray("messages").getJsonObject(3));
    assertEquals("messages[2].tool_call_id", refused(TOOL_LOOP.replace("\"tool_call_id\":\"call_1\"",
      "\"tool_call_id\":\"call_9\"")).param());
    assertEquals("messages", refused(TOOL_LOOP.replace("{\"role\":\"tool\",\"tool_call_id\":\"call_1\","
      + "\"content\":\"sunny\"}", "{\"role\":\"user\",\"content\":\"again\"}")).param());
  }

  @Test
  void cr7_toolsLoseStrictAndSchemaKeywordWithAWarningAndMissingSchemasBecomeEmptyObjects() {
    TranslatedRequest translated = ROUTE.fromChat(new JsonObject(TOOL_LOOP), GLM, 1L);
    assertEquals(new JsonObject("""
      {"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}"""),
      translated.body().getJsonArray("tools").getJsonObject(0));
    assertEquals(List.of("tools[0].function.strict was dropped: the Chat route's models do not take strict tools"),
      translated.warnings());
    assertEquals(new JsonObject("{\"type\":\"object\",\"properties\":{}}"), body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function",
       "function":{"name":"f"}}]}""").getJsonArray("tools").getJsonObject(0).getJsonObject("function")
      .getJsonObject("parameters"));
    assertEquals("tools[1].function.name", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function",
       "function":{"name":"f"}},{"type":"function","function":{"name":"f"}}]}""").param());
  }

  @Test
  void cr8_toolChoiceIsValidatedAgainstTheDeclaredTools() {
    String base = """
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function",
       "function":{"name":"f"}}],"tool_choice":%s,"parallel_tool_calls":false}""";
    JsonObject named = body(base.formatted("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"));
    assertEquals(new JsonObject("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"),
      named.getJsonObject("tool_choice"));
    assertEquals(false, named.getBoolean("parallel_tool_calls"));
    assertEquals("required", body(base.formatted("\"required\"")).getString("tool_choice"));
    assertEquals("tool_choice.function.name",
      refused(base.formatted("{\"type\":\"function\",\"function\":{\"name\":\"g\"}}")).param());
    assertEquals("tool_choice", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"tool_choice":"required"}""").param());
    assertFalse(body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"tool_choice":"auto"}""")
      .containsKey("tool_choice"));
  }

  @Test
  void cr9_maxCompletionTokensWinsOverMaxTokens() {
    assertEquals(100, body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"max_tokens":50,"max_completion_tokens":100}""")
      .getInteger("max_tokens"));
    assertEquals("max_tokens", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"max_tokens":0}""").param());
  }

  @Test
  void cr10_topPIsDroppedBesideTemperatureAndNMustBeOne() {
    TranslatedRequest translated = ROUTE.fromChat(new JsonObject("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"temperature":0.7,"top_p":0.9,
       "stop":["", "END"],"seed":7,"presence_penalty":0.5}"""), GLM, 1L);
    JsonObject b = translated.body();
    assertEquals(0.7, b.getDouble("temperature"));
    assertFalse(b.containsKey("top_p"));
    assertEquals(List.of("END"), b.getJsonArray("stop").getList());
    assertEquals(7, b.getInteger("seed"));
    assertEquals(0.5, b.getDouble("presence_penalty"));
    assertEquals(List.of("top_p was dropped: the Chat route takes temperature or top_p, not both"),
      translated.warnings());
    assertEquals("n", refused("{\"model\":\"glm-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"n\":2}")
      .param());
    assertEquals("temperature", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"temperature":3}""").param());
  }

  @Test
  void cr11_fieldsTheRouteDoesNotTakeAreNotForwarded() {
    JsonObject b = body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"logprobs":true,"store":true,
       "metadata":{"a":"b"},"service_tier":"auto","user":"u1","whatever":1}""");
    assertEquals(List.of("model", "messages", "max_tokens"), List.copyOf(b.fieldNames()));
    assertEquals("functions", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"functions":[{"name":"f"}]}""").param());
  }

  @Test
  void cr12_reasoningEffortIsValidatedAndMinimalIsSentAsLow() {
    assertEquals("low", body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"minimal"}""")
      .getString("reasoning_effort"));
    assertEquals("high", body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"high"}""")
      .getString("reasoning_effort"));
    assertEquals("reasoning_effort", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"max"}""").param());
  }

  @Test
  void cr13_streamsAlwaysAskForUsageWhileTheClientsIncludeUsageOnlyShapesOurOutput() {
    TranslatedRequest translated = ROUTE.fromChat(new JsonObject("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"stream":true}"""), GLM, 1L);
    assertEquals(new JsonObject("{\"include_usage\":true}"), translated.body().getJsonObject("stream_options"));
    assertTrue(translated.context().stream());
    assertFalse(translated.context().includeUsage());
  }

  @Test
  void cr14_responseFormatPassesAndUnknownTypesAreRefused() {
    JsonObject format = new JsonObject("""
      {"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}}""");
    assertEquals(format, body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"response_format":%s}""".formatted(format))
      .getJsonObject("response_format"));
    assertFalse(body("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"text"}}""")
      .containsKey("response_format"));
    assertEquals("response_format.type", refused("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"yaml"}}""").param());
  }

  @Test
  void cr15_identityHeadersNameTheModelsProviderAndTheOpenAiSdkFingerprint() {
    Map<String, String> headers = ROUTE.identityHeaders(KIMI);
    assertEquals("baseten", headers.get("x-api-provider"));
    assertEquals("cli", headers.get("x-factory-client"));
    assertEquals("js", headers.get("x-stainless-lang"));
    assertEquals(CoreChatRoute.STAINLESS_PACKAGE_VERSION, headers.get("x-stainless-package-version"));
    assertFalse(headers.containsKey("authorization"));
  }

  // ---- answers ----

  private static ResponseContext ctx(String json) {
    return ROUTE.fromChat(new JsonObject(json), GLM, 1700000000L).context();
  }

  private static final String WITH_TOOL = """
    {"model":"glm-5-alias","messages":[{"role":"user","content":"Hi"}],
     "tools":[{"type":"function","function":{"name":"get_weather"}}]}""";

  @Test
  void cs1_answersNameTheClientsModelAndOurCreated() {
    JsonObject answer = ROUTE.toChat(new JsonObject("""
      {"id":"chatcmpl-9","object":"chat.completion","created":5,"model":"accounts/fireworks/glm-5",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""), ctx(WITH_TOOL));
    assertEquals(new JsonObject("""
      {"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"glm-5-alias",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""), answer);
  }

  @Test
  void cs2_reasoningBecomesReasoningContent() {
    JsonObject message = ROUTE.toChat(new JsonObject("""
      {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"4","reasoning":"2+2"},
       "finish_reason":"stop"}]}"""), ctx(WITH_TOOL)).getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message");
    assertEquals(new JsonObject("{\"role\":\"assistant\",\"content\":\"4\",\"reasoning_content\":\"2+2\"}"), message);
  }

  @Test
  void cs3_cs5_emptyArgumentsBecomeAnEmptyObjectAndStopWithCallsBecomesToolCalls() {
    JsonObject choice = ROUTE.toChat(new JsonObject("""
      {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
       {"id":"t1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":"stop"}]}"""),
      ctx(WITH_TOOL)).getJsonArray("choices").getJsonObject(0);
    assertEquals("{}", choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0)
      .getJsonObject("function").getString("arguments"));
    assertEquals("tool_calls", choice.getString("finish_reason"));
  }

  @Test
  void cs4_toolCallsEmbeddedInTheFunctionNameAreRepaired() {
    JsonObject message = ROUTE.toChat(new JsonObject("""
      {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[
       {"id":"t1","type":"function","function":{"name":"get_weather{\\"city\\":\\"Paris\\"}","arguments":""}},
       {"id":"t2","type":"function","function":{"name":"functions.get_weather:1",
        "arguments":"{\\"city\\":\\"Rome\\"}"}},
       {"id":"t3","type":"function","function":{"name":"unknown_tool","arguments":"{}"}}]},
       "finish_reason":"tool_calls"}]}"""), ctx(WITH_TOOL)).getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message");
    assertEquals(new JsonObject("""
      {"role":"assistant","content":"","tool_calls":[
       {"id":"t1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
       {"id":"t2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}},
       {"id":"t3","type":"function","function":{"name":"unknown_tool","arguments":"{}"}}]}"""), message);
  }

  @Test
  void cs6_usageGetsATotalWhenTheRouteLeavesItOut() {
    assertEquals(new JsonObject("{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}"),
      ROUTE.toChat(new JsonObject("""
        {"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}"""), ctx(WITH_TOOL))
        .getJsonObject("usage"));
  }

  // ---- stream ----

  private static String replay(StreamTranslation stream, String... rawData) {
    StringBuilder out = new StringBuilder();
    for (String data : rawData) {
      out.append(stream.onRawEvent(null, data));
    }
    return out.toString();
  }

  private static final String STREAM_REQUEST = """
    {"model":"kimi","messages":[{"role":"user","content":"Hi"}],"stream":true,
     "stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"get_weather"}}]}""";

  private static String chunk(String delta, String finish) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"up\",\"choices\":"
      + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
  }

  private static String out(String delta, String finish) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"kimi\","
      + "\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
      + finish + "}],\"usage\":null}\n\n";
  }

  @Test
  void ct1_ct2_ct3_ct6_chunksAreForwardedWithOurEnvelopeAndUsageComesLastBeforeDone() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    String usage = "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
      + "\"total_tokens\":5}}";
    String text = replay(stream, chunk("{\"content\":\"\"}", "null"), chunk("{\"content\":\"Hi\"}", "null"),
      chunk("{}", "\"stop\""), usage, "[DONE]");
    assertEquals(out("{\"content\":\"\",\"role\":\"assistant\"}", "null") + out("{\"content\":\"Hi\"}", "null")
      + out("{}", "\"stop\"")
      + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"kimi\","
      + "\"system_fingerprint\":null,\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
      + "\"total_tokens\":5}}\n\n" + DONE, text);
    assertTrue(stream.done());
    assertFalse(stream.failed());
    assertEquals("stop", stream.finishReason());
    assertEquals(5, stream.usage().getInteger("total_tokens"));
  }

  @Test
  void ct4_reasoningDeltasBecomeReasoningContent() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    assertEquals(out("{\"role\":\"assistant\",\"reasoning_content\":\"hm\"}", "null"),
      replay(stream, chunk("{\"role\":\"assistant\",\"reasoning\":\"hm\"}", "null")));
  }

  @Test
  void ct5_toolCallNamesAreRepairedInTheirFirstDeltaAndStopBecomesToolCalls() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    String text = replay(stream,
      chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"t1\",\"function\":{\"name\":\"functions.get_weather:0\","
        + "\"arguments\":\"\"}}]}", "null"),
      chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}", "null"),
      chunk("{}", "\"stop\""), "[DONE]");
    assertTrue(text.startsWith(out("{\"tool_calls\":[{\"index\":0,\"id\":\"t1\",\"function\":{\"name\":"
      + "\"get_weather\",\"arguments\":\"\"},\"type\":\"function\"}],\"role\":\"assistant\"}", "null")), text);
    assertTrue(text.contains(out("{}", "\"tool_calls\"")), text);
    assertEquals("tool_calls", stream.finishReason());
  }

  @Test
  void ct6_doneWithoutAFinishReasonStillSendsOneAndDoneWithoutAnyChunkIsAnError() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(STREAM_REQUEST.replace("\"include_usage\":true",
      "\"include_usage\":false")));
    String text = replay(stream, chunk("{\"content\":\"x\"}", "null"), "[DONE]");
    assertTrue(text.endsWith("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}"
      + "\n\n" + DONE), text);
    StreamTranslation empty = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    assertTrue(replay(empty, "[DONE]").contains("\"code\":\"stream_truncated\""));
    assertTrue(empty.failed());
  }

  @Test
  void ct7_anErrorChunkMidStreamEndsWithAnErrorFrame() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    String text = replay(stream, chunk("{\"content\":\"x\"}", "null"),
      "{\"error\":{\"message\":\"overloaded\",\"type\":\"overloaded_error\"}}", chunk("{\"content\":\"y\"}", "null"));
    assertTrue(text.endsWith("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"overloaded_error\","
      + "\"param\":null,\"code\":\"overloaded\"}}\n\n"), text);
    assertTrue(stream.failed());
  }

  @Test
  void ct8_anEndBeforeTheFinishIsTruncatedButAFinishedStreamWithoutDoneIsComplete() {
    StreamTranslation cut = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    replay(cut, chunk("{\"content\":\"x\"}", "null"));
    assertEquals("data: {\"error\":{\"message\":\"The upstream stream ended before the response was complete\","
      + "\"type\":\"api_error\",\"param\":null,\"code\":\"stream_truncated\"}}\n\n", cut.onUpstreamEnd());
    StreamTranslation finished = ROUTE.toChatStream(ctx(STREAM_REQUEST));
    replay(finished, chunk("{\"content\":\"x\"}", "\"stop\""));
    assertTrue(finished.onUpstreamEnd().endsWith(DONE));
    assertFalse(finished.failed());
  }

  // ---- errors ----

  @Test
  void ce1_openAiShapedErrorsKeepTheirTypeParamAndCode() {
    MappedError error = ROUTE.error(400, """
      {"error":{"message":"bad schema","type":"invalid_request_error","param":"tools","code":"invalid_schema"}}""",
      Map.of("retry-after", "2"), false);
    assertEquals(400, error.status());
    assertEquals(new JsonObject("""
      {"error":{"message":"bad schema","type":"invalid_request_error","param":"tools","code":"invalid_schema"}}"""),
      error.body());
    assertEquals("2", error.headers().get("retry-after"));
  }

  @Test
  void ce2_factoryQuotaAndOtherShapesUseTheSharedMapping() {
    MappedError quota = ROUTE.error(402, "{\"detail\":\"You've reached your 5-hour core usage limit.\"}", Map.of(),
      false);
    assertEquals(new JsonObject("""
      {"error":{"message":"You've reached your 5-hour core usage limit.","type":"insufficient_quota","param":null,
       "code":"insufficient_quota"}}"""), quota.body());
    assertEquals(503, ROUTE.error(529, "overloaded", Map.of(), false).status());
  }

  @Test
  void ce3_anErrorChunkBeforeAnyAnswerStandsForItsStatus() {
    assertEquals(429, ROUTE.openingErrorStatus(null, new JsonObject("{\"error\":{\"message\":\"x\",\"code\":429}}")));
    assertEquals(400, ROUTE.openingErrorStatus(null,
      new JsonObject("{\"error\":{\"message\":\"x\",\"type\":\"invalid_request_error\"}}")));
    assertEquals(0, ROUTE.openingErrorStatus(null, new JsonObject(chunk("{}", "null"))));
  }
}
