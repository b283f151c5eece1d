package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.factoryproxy.translate.Translations.body;
import static dev.factoryproxy.translate.Translations.json;
import static dev.factoryproxy.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Thinking replay, structured output, reasoning and ignored fields (R15, R27–R30). */
class ReasoningAndStructuredOutputTest {
  private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String TOOL_TURN = """
    "messages":[
      {"role":"user","content":"Run it"},
      {"role":"assistant","content":null,%s"tool_calls":[
        {"id":"t1","type":"function","function":{"name":"run","arguments":"{}"}}]},
      {"role":"tool","tool_call_id":"t1","content":"ok"}]""";

  private static String request(String model, String fields) {
    return "{\"model\":\"" + model + "\"," + HELLO + "," + fields + "}";
  }

  @Test
  void r15_thinkingBlocksAreReplayedFirstAndUnsignedOnesDropped() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\",\"reasoning_effort\":\"low\","
      + TOOL_TURN.formatted("""
      "thinking_blocks":[{"type":"thinking","thinking":"Plan","signature":"sig-1"},
                         {"type":"redacted_thinking","data":"opaque"},
                         {"type":"thinking","thinking":"unsigned"}],""") + "}");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Run it"}]},
         {"role":"assistant","content":[{"type":"thinking","thinking":"Plan","signature":"sig-1"},
                                        {"type":"redacted_thinking","data":"opaque"},
                                        {"type":"tool_use","id":"t1","name":"run","input":{}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"}]}],
       "thinking":{"type":"enabled","budget_tokens":1024}}"""), result.body());
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void r15_toolTurnWithoutThinkingBlocksTurnsThinkingOffWithAWarning() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\",\"reasoning_effort\":\"high\","
      + "\"temperature\":0.3," + TOOL_TURN.formatted("") + "}");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Run it"}]},
         {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"run","input":{}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"}]}],
       "temperature":0.3}"""), result.body());
    assertEquals(List.of("extended thinking was turned off for this request: the latest assistant message with tool"
      + " calls has no thinking_blocks to replay"), result.warnings());
    assertEquals(Map.of(), result.upstreamHeaders());
  }

  @Test
  void r30_blocksAnotherRouteSignedAreDroppedWhenTheModelSwitchesToClaude() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\",\"reasoning_effort\":\"low\","
      + TOOL_TURN.formatted("""
      "thinking_blocks":[{"type":"thinking","thinking":"GPT plan","signature":"openai-reasoning:rs_1:gAAAAB"},
                         {"type":"thinking","thinking":"","signature":"sig-gemini","tool_call_id":"t1"},
                         {"type":"thinking","thinking":"Plan","signature":"sig-1"}],""") + "}");

    assertEquals(json("""
      {"role":"assistant","content":[{"type":"thinking","thinking":"Plan","signature":"sig-1"},
                                     {"type":"tool_use","id":"t1","name":"run","input":{}}]}"""),
      result.body().getJsonArray("messages").getJsonObject(1));
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void r30_withOnlyForeignBlocksLeftR15TurnsThinkingOff() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\",\"reasoning_effort\":\"low\","
      + TOOL_TURN.formatted("""
      "thinking_blocks":[{"type":"thinking","thinking":"GPT plan","signature":"openai-reasoning:rs_1:gAAAAB"}],""")
      + "}");

    assertEquals(json("""
      {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"run","input":{}}]}"""),
      result.body().getJsonArray("messages").getJsonObject(1));
    assertNull(result.body().getValue("thinking"));
    assertEquals(1, result.warnings().size(), result.warnings().toString());
  }

  @Test
  void r27_textResponseFormatChangesNothing() {
    assertEquals(body(request(TestSettings.HAIKU, "\"seed\":1")),
      body(request(TestSettings.HAIKU, "\"response_format\":{\"type\":\"text\"}")));
  }

  @Test
  void r27_jsonSchemaBecomesAForcedSyntheticTool() {
    TranslatedRequest result = translate(request(TestSettings.HAIKU, """
      "response_format":{"type":"json_schema","json_schema":{"name":"person","description":"A person",
        "schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}}}}}"""));

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "tools":[{"name":"json_response","description":"A person","input_schema":{"type":"object",
         "properties":{"name":{"type":"string"},"age":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}}],
       "tool_choice":{"type":"tool","name":"json_response"}}"""), result.body());
    assertEquals("json_response", result.context().jsonToolName());
  }

  @Test
  void r27_jsonObjectBecomesAToolTakingAnyObject() {
    JsonObject body = body(request(TestSettings.HAIKU, "\"response_format\":{\"type\":\"json_object\"}"));

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "tools":[{"name":"json_response",
         "description":"Give your final answer by calling this tool once; its input is the JSON response.",
         "input_schema":{"type":"object","additionalProperties":true}}],
       "tool_choice":{"type":"tool","name":"json_response"}}"""), body);
  }

  @Test
  void r27_syntheticToolAvoidsClientNamesAndIsNotForcedOverClientTools() {
    TranslatedRequest result = translate(request(TestSettings.HAIKU, """
      "tools":[{"type":"function","function":{"name":"json_response"}}],
      "response_format":{"type":"json_object"}"""));

    assertEquals(new JsonArray("""
      [{"name":"json_response","input_schema":{"type":"object","properties":{}}},
       {"name":"json_response_2",
        "description":"Give your final answer by calling this tool once; its input is the JSON response.",
        "input_schema":{"type":"object","additionalProperties":true}}]"""), result.body().getJsonArray("tools"));
    assertNull(result.body().getValue("tool_choice"));
    assertEquals("json_response_2", result.context().jsonToolName());
  }

  @Test
  void r27_syntheticToolIsNotForcedWhileThinking() {
    JsonObject body = body(request(TestSettings.HAIKU,
      "\"reasoning_effort\":\"low\",\"response_format\":{\"type\":\"json_object\"}"));

    assertEquals("json_response", body.getJsonArray("tools").getJsonObject(0).getString("name"));
    assertNull(body.getValue("tool_choice"));
  }

  @Test
  void r27_nativeStructuredOutputSendsACleanedSchema() {
    TranslatedRequest result = translate(request(TestSettings.NATIVE_JSON, """
      "response_format":{"type":"json_schema","json_schema":{"name":"p","strict":true,"schema":{
        "type":"object","required":["name"],"properties":{
          "name":{"type":"string","minLength":1,"maxLength":50},
          "age":{"type":["integer","null"],"minimum":0},
          "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5},
          "ids":{"type":"array","minItems":2},
          "address":{"type":"object","properties":{"zip":{"type":"string","pattern":"^[0-9]{5}$"}}}}}}}"""));

    assertEquals(json("""
      {"model":"test-native-json","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "output_config":{"format":{"type":"json_schema","schema":{
         "type":"object","required":["name"],"additionalProperties":false,"properties":{
           "name":{"type":"string"},
           "age":{"anyOf":[{"type":"integer"},{"type":"null"}]},
           "tags":{"type":"array","items":{"type":"string"},"minItems":1},
           "ids":{"type":"array"},
           "address":{"type":"object","additionalProperties":false,
                      "properties":{"zip":{"type":"string","pattern":"^[0-9]{5}$"}}}}}}}}"""), result.body());
    assertNull(result.context().jsonToolName());
  }

  @Test
  void r28_effortBecomesABudgetAndTheBetaHeader() {
    TranslatedRequest result = translate(request(TestSettings.HAIKU, "\"reasoning_effort\":\"high\""));

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "thinking":{"type":"enabled","budget_tokens":4096}}"""), result.body());
    assertEquals(Map.of("anthropic-beta", "interleaved-thinking-2025-05-14"), result.upstreamHeaders());
  }

  @Test
  void r28_maxTokensIsRaisedAboveTheBudget() {
    JsonObject body = body(request(TestSettings.HAIKU, "\"reasoning_effort\":\"medium\",\"max_tokens\":2000"));

    assertEquals(3072, body.getInteger("max_tokens"));
    assertEquals(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"), body.getJsonObject("thinking"));
  }

  @Test
  void r28_adaptiveModelsGetAdaptiveThinkingAndAnEffort() {
    JsonObject body = body(request(TestSettings.OPUS, "\"reasoning_effort\":\"minimal\""));

    assertEquals(json("""
      {"model":"claude-opus-4-6","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "thinking":{"type":"adaptive"},"output_config":{"effort":"low"}}"""), body);
  }

  @Test
  void r28_thinkingDropsTemperatureAndTopKAndRaisesTopP() {
    JsonObject body = body(request(TestSettings.HAIKU,
      "\"reasoning_effort\":\"low\",\"temperature\":0.5,\"top_k\":10,\"top_p\":0.5"));

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "top_p":0.95,"thinking":{"type":"enabled","budget_tokens":1024}}"""), body);
  }

  @Test
  void r28_effortNoneMeansNoThinking() {
    TranslatedRequest result = translate(request(TestSettings.HAIKU, "\"reasoning_effort\":\"none\""));

    assertNull(result.body().getValue("thinking"));
    assertEquals(Map.of(), result.upstreamHeaders());
  }

  @Test
  void r28_rawThinkingPassesThroughAndWinsOverEffort() {
    TranslatedRequest result = translate(request(TestSettings.HAIKU,
      "\"reasoning_effort\":\"high\",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"));

    assertEquals(json("{\"type\":\"enabled\",\"budget_tokens\":2000}"), result.body().getJsonObject("thinking"));
    assertEquals(Map.of("anthropic-beta", "interleaved-thinking-2025-05-14"), result.upstreamHeaders());
  }

  @Test
  void r29_ignoredAndUnknownFieldsAreNotForwarded() {
    JsonObject body = body(request(TestSettings.HAIKU, """
      "logprobs":true,"top_logprobs":3,"logit_bias":{"50256":-100},"presence_penalty":0.5,
      "frequency_penalty":0.5,"seed":7,"service_tier":"auto","store":true,"metadata":{"k":"v"},
      "modalities":["text"],"audio":{"voice":"x"},"prediction":{"type":"content","content":"x"},
      "some_future_field":{"a":1}"""));

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""), body);
  }

  @Test
  void r29_allowlistedAnthropicFieldsPassThrough() {
    JsonObject body = body(request(TestSettings.HAIKU,
      "\"top_k\":5,\"output_config\":{\"effort\":\"medium\"},\"thinking\":{\"type\":\"disabled\"}"));

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "top_k":5,"thinking":{"type":"disabled"},"output_config":{"effort":"medium"}}"""), body);
  }

  @Test
  void r28_effortJoinsTheClientsOwnOutputConfig() {
    JsonObject body = body(request(TestSettings.OPUS,
      "\"reasoning_effort\":\"high\",\"output_config\":{\"effort\":\"max\",\"other\":1}"));

    assertEquals(json("{\"effort\":\"high\",\"other\":1}"), body.getJsonObject("output_config"));
  }
}
