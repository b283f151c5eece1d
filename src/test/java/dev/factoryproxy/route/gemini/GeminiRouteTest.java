package dev.factoryproxy.route.gemini;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeminiRouteTest {
  static final String DROID = "You are Droid, an AI software engineering agent built by Factory.";
  static final ModelInfo GEMINI = new ModelInfo("gemini-3.1-pro-preview", "google", 65536, false, false, false,
    false, false, Route.GEMINI, "google");
  private static final GeminiRoute ROUTE = new GeminiRoute(DROID);
  private static final String DONE = "data: [DONE]\n\n";

  static JsonObject body(String json) {
    return ROUTE.fromChat(new JsonObject(json), GEMINI, 1700000000L).body();
  }

  private static InvalidRequestException refused(String json) {
    return assertThrows(InvalidRequestException.class, () -> body(json));
  }

  private static String req(String messages, String extra) {
    return "{\"model\":\"gemini-3.1-pro-preview\",\"messages\":" + messages + (extra.isEmpty() ? "" : "," + extra)
      + "}";
  }

  private static final String HI = "[{\"role\":\"user\",\"content\":\"Hi\"}]";

  // ---- request ----

  @Test
  void gr1_modelIsInTheBodyAndNoStreamFieldIsSent() {
    assertEquals(new JsonObject("""
      {"model":"gemini-3.1-pro-preview","systemInstruction":{"parts":[{"text":"%s"}]},
       "contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"maxOutputTokens":65536}}"""
      .formatted(DROID)), body(req(HI, "\"stream\":true")));
    assertTrue(new GeminiRoute(DROID).alwaysStreams());
  }

  @Test
  void gr2_systemAndDeveloperTextFollowTheDroidPromptInSystemInstruction() {
    assertEquals(new JsonObject("""
      {"parts":[{"text":"%s"},{"text":"Be brief."},{"text":"Terse."}]}""".formatted(DROID)), body(req("""
      [{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},
       {"role":"developer","content":"Terse."}]""",
      "")).getJsonObject("systemInstruction"));
    assertEquals(1, body(req("[{\"role\":\"system\",\"content\":\"" + DROID + " More.\"}," + HI.substring(1), ""))
      .getJsonObject("systemInstruction").getJsonArray("parts").size());
  }

  private static final String TOOL_LOOP = """
    [{"role":"user","content":"Weather?"},
     {"role":"assistant","content":"Checking.","thinking_blocks":[{"type":"thinking","thinking":"",
      "signature":"sig-1","tool_call_id":"call_a"}],
      "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather",
                      "arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]},
     {"role":"tool","tool_call_id":"call_a","content":"sunny"},
     {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"noon"}]},
     {"role":"user","content":"Thanks"}]""";

  @Test
  void gr3_gr5_gr7_toolCallsBecomeFunctionCallsAndResultsFunctionResponsesInOneUserTurn() {
    assertEquals(new JsonArray("""
      [{"role":"user","parts":[{"text":"Weather?"}]},
       {"role":"model","parts":[{"text":"Checking."},
        {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"sig-1"},
        {"functionCall":{"name":"get_time","args":{}}}]},
       {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"sunny"}}},
        {"functionResponse":{"name":"get_time","response":{"result":"noon"}}},{"text":"Thanks"}]}]"""),
      body(req(TOOL_LOOP, "")).getJsonArray("contents"));
  }

  @Test
  void gr4_imagesAndPdfsGoInlineAndUrlsAreRefused() {
    assertEquals(new JsonArray("""
      [{"text":"What?"},{"inlineData":{"mimeType":"image/jpeg","data":"AAAA"}},
       {"inlineData":{"mimeType":"application/pdf","data":"JVBE"}}]"""), body(req("""
      [{"role":"user","content":[{"type":"text","text":"What?"},
        {"type":"image_url","image_url":{"url":"data:image/jpg;base64,AAAA"}},
        {"type":"file","file":{"file_data":"JVBE"}}]}]""", "")).getJsonArray("contents").getJsonObject(0)
      .getJsonArray("parts"));
    assertEquals("messages[0].content[0].image_url.url", refused(req("""
      [{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]""", ""))
      .param());
    assertEquals("messages[0].content[0].image_url.url", refused(req("""
      [{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/tiff;base64,AA"}}]}]""", ""))
      .param());
  }

  @Test
  void gr6_aSignatureWithoutACallGoesOnTheTextAndAnUnsignedFirstCallGetsTheSkipValue() {
    JsonObject model = body(req("""
      [{"role":"user","content":"Q"},{"role":"assistant","content":"A",
        "thinking_blocks":[{"type":"thinking","thinking":"","signature":"sig-t"}]},
       {"role":"user","content":"Q2"},{"role":"assistant","content":null,
        "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
       {"role":"tool","tool_call_id":"c1","content":"r"}]""", "")).getJsonArray("contents").getJsonObject(1);
    assertEquals(new JsonObject("{\"role\":\"model\",\"parts\":[{\"text\":\"A\",\"thoughtSignature\":\"sig-t\"}]}"),
      model);
    assertEquals(GeminiContents.SKIP_SIGNATURE, body(req("""
      [{"role":"user","content":"Q"},{"role":"assistant","content":null,
        "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
       {"role":"tool","tool_call_id":"c1","content":"r"}]""", "")).getJsonArray("contents").getJsonObject(1)
      .getJsonArray("parts").getJsonObject(0).getString("thoughtSignature"));
  }

  @Test
  void gr7_aToolMessageMustAnswerAnOpenCall() {
    assertEquals("messages[2].tool_call_id", refused(req(TOOL_LOOP.replace("\"tool_call_id\":\"call_a\"",
      "\"tool_call_id\":\"call_z\""), "")).param());
    assertEquals("messages", refused(req("""
      [{"role":"user","content":"Q"},{"role":"assistant","content":null,
        "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
       {"role":"user","content":"again"}]""", "")).param());
  }

  @Test
  void gr8_onlySystemTextIsSentAsTheUsersTurn() {
    JsonObject b = body(req("[{\"role\":\"system\",\"content\":\"Say hi.\"}]", ""));
    assertEquals(new JsonArray("[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hi.\"}]}]"), b.getJsonArray("contents"));
    assertEquals(1, b.getJsonObject("systemInstruction").getJsonArray("parts").size());
  }

  @Test
  void gr9_toolSchemasAreCleanedToGeminisSubset() {
    JsonObject declaration = body(req(HI, """
      "tools":[{"type":"function","function":{"name":"find","description":"Find.","strict":true,"parameters":{
        "$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
        "$defs":{"Place":{"type":"object","properties":{"city":{"type":"string","format":"uri"}}}},
        "properties":{"where":{"$ref":"#/$defs/Place"},"limit":{"type":["integer","null"],"exclusiveMinimum":0},
          "kind":{"const":"shop"},"tags":{"type":"array","items":{"oneOf":[{"type":"string"},{"type":"number"}]}}},
        "required":["where","missing"]}}},
       {"type":"function","function":{"name":"ping","parameters":{"type":"object","properties":{}}}}]""")
      ).getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0);
    assertEquals(new JsonObject("""
      {"name":"find","description":"Find.","parameters":{"type":"object",
       "properties":{"where":{"type":"object","properties":{"city":{"type":"string"}}},
        "limit":{"nullable":true,"type":"integer"},"kind":{"enum":["shop"]},
        "tags":{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"number"}]}}},
       "required":["where"]}}"""), declaration);
    assertEquals(new JsonObject("{\"name\":\"ping\"}"), body(req(HI, """
      "tools":[{"type":"function","function":{"name":"ping","parameters":{"type":"object","properties":{}}}}]"""))
      .getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0));
    assertEquals("tools[0].function.name", refused(req(HI,
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bad name\"}}]")).param());
    assertEquals("tools[0].function.parameters", refused(req(HI, """
      "tools":[{"type":"function","function":{"name":"t","parameters":{"type":"object",
        "$defs":{"N":{"type":"object","properties":{"next":{"$ref":"#/$defs/N"}}}},
        "properties":{"n":{"$ref":"#/$defs/N"}}}}}]""")).param());
  }

  @Test
  void gr10_toolChoiceBecomesFunctionCallingConfig() {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":";
    assertEquals(new JsonObject("{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}}"),
      body(req(HI, tools + "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}")).getJsonObject("toolConfig"));
    assertEquals("ANY", body(req(HI, tools + "\"required\"")).getJsonObject("toolConfig")
      .getJsonObject("functionCallingConfig").getString("mode"));
    assertEquals("NONE", body(req(HI, tools + "\"none\",\"parallel_tool_calls\":false")).getJsonObject("toolConfig")
      .getJsonObject("functionCallingConfig").getString("mode"));
    assertEquals("tool_choice", refused(req(HI, "\"tool_choice\":\"required\"")).param());
    assertEquals("tool_choice.function.name", refused(req(HI, tools
      + "{\"type\":\"function\",\"function\":{\"name\":\"g\"}}")).param());
  }

  @Test
  void gr11_limitsAndSamplingGoToGenerationConfigAndPenaltiesAreDroppedWithAWarning() {
    TranslatedRequest t = ROUTE.fromChat(new JsonObject(req(HI, """
      "max_tokens":10,"max_completion_tokens":20,"temperature":1.5,"top_p":0.9,"seed":3,"presence_penalty":1""")),
      GEMINI, 1L);
    assertEquals(new JsonObject("{\"maxOutputTokens\":20,\"temperature\":1.5,\"topP\":0.9,\"seed\":3}"),
      t.body().getJsonObject("generationConfig"));
    assertEquals(List.of("presence_penalty was dropped: Gemini 3 models do not take it"), t.warnings());
    assertEquals("n", refused(req(HI, "\"n\":2")).param());
    assertEquals("temperature", refused(req(HI, "\"temperature\":2.5")).param());
  }

  @Test
  void gr12_stopBecomesStopSequencesUpToFive() {
    assertEquals(new JsonArray("[\"END\"]"), body(req(HI, "\"stop\":\"END\"")).getJsonObject("generationConfig")
      .getJsonArray("stopSequences"));
    assertEquals("stop", refused(req(HI, "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]")).param());
  }

  @Test
  void gr13_responseFormatBecomesJsonOutputWithACleanedSchema() {
    assertEquals(new JsonObject("""
      {"maxOutputTokens":65536,"responseMimeType":"application/json",
       "responseSchema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}"""),
      body(req(HI, """
      "response_format":{"type":"json_schema","json_schema":{"name":"r","strict":true,"schema":{"type":"object",
        "properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}}}"""))
        .getJsonObject("generationConfig"));
    assertEquals("application/json", body(req(HI, "\"response_format\":{\"type\":\"json_object\"}"))
      .getJsonObject("generationConfig").getString("responseMimeType"));
    assertEquals("response_format.type", refused(req(HI, "\"response_format\":{\"type\":\"xml\"}")).param());
  }

  @Test
  void gr14_reasoningEffortBecomesThinkingConfig() {
    assertEquals(new JsonObject("{\"includeThoughts\":true,\"thinkingLevel\":\"LOW\"}"),
      body(req(HI, "\"reasoning_effort\":\"minimal\"")).getJsonObject("generationConfig")
        .getJsonObject("thinkingConfig"));
    assertEquals(new JsonObject("{\"includeThoughts\":true,\"thinkingLevel\":\"MEDIUM\"}"),
      body(req(HI, "\"reasoning_effort\":\"medium\"")).getJsonObject("generationConfig")
        .getJsonObject("thinkingConfig"));
    assertEquals(new JsonObject("{\"includeThoughts\":false,\"thinkingLevel\":\"LOW\"}"),
      body(req(HI, "\"reasoning_effort\":\"none\"")).getJsonObject("generationConfig")
        .getJsonObject("thinkingConfig"));
    assertEquals("reasoning_effort", refused(req(HI, "\"reasoning_effort\":\"max\"")).param());
  }

  @Test
  void gr15_identityHeadersNameTheModelsProviderWithoutSdkFingerprints() {
    assertEquals(Map.of("x-api-provider", "google", "x-factory-client", "cli"), ROUTE.identityHeaders(GEMINI));
  }

  // ---- answers ----

  private static ResponseContext ctx(boolean includeUsage) {
    return ROUTE.fromChat(new JsonObject(req(HI, "\"stream\":true,\"stream_options\":{\"include_usage\":"
      + includeUsage + "}").replace("gemini-3.1-pro-preview", "gemini-pro-alias")), GEMINI, 1700000000L).context();
  }

  private static final JsonObject TOOL_ANSWER = new JsonObject("""
    {"responseId":"r1","candidates":[{"index":0,"finishReason":"STOP","content":{"role":"model","parts":[
      {"text":"Let me think.","thought":true},{"text":"Checking."},
      {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"sig-1"},
      {"functionCall":{"name":"get_time"}}]}}],
     "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":30,
      "cachedContentTokenCount":40,"totalTokenCount":150}}""");

  @Test
  void gs1_to_gs6_aCompleteAnswerBecomesAChatCompletion() {
    String id1 = GeminiAnswers.callId(TOOL_ANSWER, ctx(false), 0);
    String id2 = GeminiAnswers.callId(TOOL_ANSWER, ctx(false), 1);
    assertEquals(new JsonObject("""
      {"id":"chatcmpl-r1","object":"chat.completion","created":1700000000,"model":"gemini-pro-alias",
       "system_fingerprint":null,"choices":[{"index":0,"message":{"role":"assistant","content":"Checking.",
        "refusal":null,"tool_calls":[
         {"id":"%s","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
         {"id":"%s","type":"function","function":{"name":"get_time","arguments":"{}"}}],
        "reasoning_content":"Let me think.",
        "thinking_blocks":[{"type":"thinking","thinking":"","signature":"sig-1","tool_call_id":"%s"}]},
        "logprobs":null,"finish_reason":"tool_calls","native_finish_reason":"STOP"}],
       "usage":{"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,
        "prompt_tokens_details":{"cached_tokens":40},"completion_tokens_details":{"reasoning_tokens":30}}}"""
      .formatted(id1, id2, id1)), ROUTE.toChat(TOOL_ANSWER, ctx(false)));
    assertTrue(id1.matches("call_[0-9a-f]{24}") && !id1.equals(id2));
  }

  @Test
  void gs5_finishReasonsMap() {
    assertEquals("length", GeminiAnswers.finishReason("MAX_TOKENS", false));
    assertEquals("content_filter", GeminiAnswers.finishReason("SAFETY", false));
    assertEquals("content_filter", GeminiAnswers.finishReason("PROHIBITED_CONTENT", true));
    assertEquals("stop", GeminiAnswers.finishReason("MALFORMED_FUNCTION_CALL", false));
    JsonObject blocked = ROUTE.toChat(new JsonObject("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"), ctx(false))
      .getJsonArray("choices").getJsonObject(0);
    assertEquals("content_filter", blocked.getString("finish_reason"));
    assertEquals("", blocked.getJsonObject("message").getString("content"));
  }

  @Test
  void gs4_gr6_signaturesRoundTripThroughThinkingBlocks() {
    JsonObject message = ROUTE.toChat(TOOL_ANSWER, ctx(false)).getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message");
    JsonArray history = new JsonArray().add(new JsonObject().put("role", "user").put("content", "Weather?"))
      .add(message.copy().put("content", "Checking."));
    for (Object call : message.getJsonArray("tool_calls")) {
      history.add(new JsonObject().put("role", "tool").put("tool_call_id", ((JsonObject) call).getString("id"))
        .put("content", "ok"));
    }
    JsonArray parts = body(req(history.encode(), "")).getJsonArray("contents").getJsonObject(1).getJsonArray("parts");
    assertEquals("sig-1", parts.getJsonObject(1).getString("thoughtSignature"));
    assertNull(parts.getJsonObject(2).getValue("thoughtSignature"));
  }

  @Test
  void gs7_aCompleteStreamMergesIntoOneAnswer() {
    List<JsonObject> chunks = List.of(
      new JsonObject("{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"He\"}]}}]}"),
      new JsonObject("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"llo\"}]}}]}"),
      new JsonObject("""
        {"candidates":[{"finishReason":"STOP","content":{"parts":[{"text":"","thoughtSignature":"s"}]}}],
         "usageMetadata":{"promptTokenCount":1}}"""));
    assertEquals(new JsonObject("""
      {"responseId":"r1","usageMetadata":{"promptTokenCount":1},"candidates":[{"content":{"role":"model",
       "parts":[{"text":"Hello","thoughtSignature":"s"}]},"index":0,"finishReason":"STOP"}]}"""),
      GeminiRoute.mergeStream(chunks));
    JsonObject error = new JsonObject("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"x\"}}");
    assertEquals(error, GeminiRoute.mergeStream(List.of(chunks.get(0), error)));
  }

  // ---- stream ----

  private static String replay(StreamTranslation stream, String... rawData) {
    StringBuilder out = new StringBuilder();
    for (String data : rawData) {
      out.append(stream.onRawEvent(null, data));
    }
    return out.toString();
  }

  private static String frame(String delta, boolean usageNull) {
    return "data: {\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
      + "\"model\":\"gemini-pro-alias\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":" + delta
      + ",\"logprobs\":null,\"finish_reason\":null}]" + (usageNull ? ",\"usage\":null" : "") + "}\n\n";
  }

  @Test
  void gt1_to_gt6_chunksBecomeDeltasAndTheEndBringsFinishUsageAndDone() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(true));
    String text = replay(stream,
      "{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hm\","
        + "\"thought\":true}]}}]}",
      "{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]}",
      "{\"responseId\":\"r1\",\"candidates\":[{\"finishReason\":\"STOP\",\"content\":{\"parts\":[{\"text\":\"\","
        + "\"thoughtSignature\":\"s\"}]}}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,"
        + "\"totalTokenCount\":5}}");
    assertEquals(frame("{\"role\":\"assistant\",\"content\":\"\"}", true)
      + frame("{\"reasoning_content\":\"Hm\"}", true) + frame("{\"content\":\"Hi\"}", true)
      + frame("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"s\"}]}", true), text);
    assertFalse(stream.done());
    String end = stream.onUpstreamEnd();
    assertEquals("data: {\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
      + "\"model\":\"gemini-pro-alias\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":{},"
      + "\"logprobs\":null,\"finish_reason\":\"stop\",\"native_finish_reason\":\"STOP\"}],\"usage\":null}\n\n"
      + "data: {\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
      + "\"model\":\"gemini-pro-alias\",\"system_fingerprint\":null,\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
      + "\"completion_tokens\":2,\"total_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":0},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n" + DONE, end);
    assertTrue(stream.done());
    assertEquals("stop", stream.finishReason());
  }

  @Test
  void gt3_callsArriveWholeWithIndicesAndFinishAsToolCalls() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(false));
    String text = replay(stream, "{\"responseId\":\"r1\",\"candidates\":[{\"finishReason\":\"STOP\",\"content\":"
      + "{\"parts\":[{\"functionCall\":{\"name\":\"a\",\"args\":{\"x\":1}}},{\"functionCall\":{\"name\":\"b\"}}]}}]}",
      "[DONE]");
    JsonObject r1 = new JsonObject("{\"responseId\":\"r1\"}");
    String id0 = GeminiAnswers.callId(r1, ctx(false), 0);
    String id1 = GeminiAnswers.callId(r1, ctx(false), 1);
    assertTrue(text.contains("\"tool_calls\":[{\"index\":0,\"id\":\"" + id0 + "\",\"type\":\"function\","
      + "\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}}]"), text);
    assertTrue(text.contains("\"tool_calls\":[{\"index\":1,\"id\":\"" + id1 + "\",\"type\":\"function\","
      + "\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]"), text);
    assertTrue(text.endsWith("\"finish_reason\":\"tool_calls\",\"native_finish_reason\":\"STOP\"}]}\n\n" + DONE));
  }

  @Test
  void gt6_anEndBeforeAFinishReasonIsTruncated() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(false));
    replay(stream, "{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]}");
    assertEquals("data: {\"error\":{\"message\":\"The upstream stream ended before the response was complete\","
      + "\"type\":\"api_error\",\"param\":null,\"code\":\"stream_truncated\"}}\n\n", stream.onUpstreamEnd());
    assertTrue(stream.failed());
  }

  @Test
  void gt7_anErrorChunkMidStreamEndsWithAnErrorFrame() {
    StreamTranslation stream = ROUTE.toChatStream(ctx(false));
    String text = replay(stream,
      "{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]}",
      "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}",
      "{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"more\"}]}}]}");
    assertTrue(text.endsWith("data: {\"error\":{\"message\":\"The model is overloaded.\",\"type\":"
      + "\"overloaded_error\",\"param\":null,\"code\":\"overloaded\"}}\n\n"), text);
    assertTrue(stream.failed());
  }

  // ---- errors ----

  @Test
  void ge1_ge2_googleErrorsBecomeOpenAiShapedWithTheStatusKept() {
    MappedError error = ROUTE.error(429, """
      {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).",
       "status":"RESOURCE_EXHAUSTED"}}""",
      Map.of("retry-after", "3"), false);
    assertEquals(429, error.status());
    assertEquals(new JsonObject("""
      {"error":{"message":"Resource has been exhausted (e.g. check quota).","type":"rate_limit_error","param":null,
       "code":"rate_limit_exceeded"}}"""), error.body());
    assertEquals("3000", error.headers().get("retry-after-ms"));
    MappedError array = ROUTE.error(400, """
      [{"error":{"code":400,"message":"The input token count exceeds the maximum number of tokens allowed.",
        "status":"INVALID_ARGUMENT"}}]""", Map.of(), false);
    assertEquals("context_length_exceeded", array.body().getJsonObject("error").getString("code"));
    assertEquals("invalid_api_key", ROUTE.error(401, """
      {"error":{"code":401,"message":"bad","status":"UNAUTHENTICATED"}}""", Map.of(), false).body()
      .getJsonObject("error").getString("code"));
  }

  @Test
  void ge3_factoryQuotaAndOtherShapesUseTheSharedMapping() {
    assertEquals("insufficient_quota", ROUTE.error(402, "{\"detail\":\"You've reached your limit.\"}", Map.of(), false)
      .body().getJsonObject("error").getString("type"));
    assertEquals(502, ROUTE.error(200, "<html>", Map.of(), false).status());
  }

  @Test
  void ge4_anErrorChunkBeforeAnyAnswerStandsForItsStatus() {
    assertEquals(503, ROUTE.openingErrorStatus(null, new JsonObject("{\"error\":{\"status\":\"UNAVAILABLE\"}}")));
    assertEquals(429, ROUTE.openingErrorStatus(null, new JsonObject("{\"error\":{\"code\":429}}")));
    assertEquals(0, ROUTE.openingErrorStatus(null, new JsonObject("{\"candidates\":[]}")));
  }

  @Test
  void gs8_aWholeStreamIsTheAnswerAnUnfinishedOneIsNoneAndAnErrorChunkIsItsError() {
    GeminiRoute route = new GeminiRoute(DROID);
    JsonObject head = new JsonObject("""
      {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],"responseId":"r1"}""");
    JsonObject tail = new JsonObject("""
      {"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"index":0,"finishReason":"STOP"}]}""");
    assertEquals(new JsonObject("""
      {"responseId":"r1","candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"index":0,
       "finishReason":"STOP"}]}"""), route.assembleStream(List.of(head, tail)));
    assertEquals(0, route.answerErrorStatus(route.assembleStream(List.of(head, tail))));
    assertNull(route.assembleStream(List.of(head)));
    assertNull(route.assembleStream(List.of()));
    JsonObject error = new JsonObject("""
      {"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}""");
    assertEquals(error, route.assembleStream(List.of(head, error)));
    assertEquals(429, route.answerErrorStatus(route.assembleStream(List.of(head, error))));
  }
}
