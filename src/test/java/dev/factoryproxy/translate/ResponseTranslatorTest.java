package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ResponseTranslatorTest {

  private static final ResponseContext CTX =
    new ResponseContext("claude-sonnet-4-5-20250929", true, false, 1700000000L, false, null, Map.of());

  private static ResponseContext ctx(boolean legacyFunctions, String jsonToolName, Map<String, String> toolNames) {
    return new ResponseContext("claude-sonnet-4-5-20250929", false, false, 1700000000L, legacyFunctions, jsonToolName,
      toolNames);
  }

  /** An Anthropic message with the given content blocks, stop reason and usage. */
  private static JsonObject message(String content, String stopReason, String usage) {
    return new JsonObject("""
        {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant",
         "model":"claude-sonnet-4-5-20250929","content":%s,"stop_reason":"%s","stop_sequence":null,"usage":%s}"""
      .formatted(content, stopReason, usage));
  }

  private static JsonObject message(String content, String stopReason) {
    return message(content, stopReason, "{\"input_tokens\":10,\"output_tokens\":5}");
  }

  private static JsonObject choiceMessage(JsonObject completion) {
    return completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
  }

  private static String finish(JsonObject completion) {
    return completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason");
  }

  @Test
  void s1_s2_s8_textAnswerHasTheFullEnvelope() {
    JsonObject anthropic = message("""
        [{"type":"text","text":"Hi! My name is Claude."}]""", "end_turn",
      "{\"input_tokens\":2095,\"output_tokens\":503,\"service_tier\":\"standard\"}");
    assertEquals(new JsonObject("""
        {"id":"chatcmpl-msg_013Zva2CMHLNnXjNJJKqJ2EF","object":"chat.completion","created":1700000000,
         "model":"claude-sonnet-4-5-20250929","system_fingerprint":null,
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi! My name is Claude.","refusal":null},
                     "logprobs":null,"finish_reason":"stop","native_finish_reason":"end_turn"}],
         "usage":{"prompt_tokens":2095,"completion_tokens":503,"total_tokens":2598,
                  "prompt_tokens_details":{"cached_tokens":0},"service_tier":"default"}}"""),
      ResponseTranslator.toChatCompletion(anthropic, CTX));
  }

  @Test
  void s1_modelFallsBackToTheRequestedOne() {
    JsonObject anthropic = message("[]", "end_turn");
    anthropic.remove("model");
    assertEquals("claude-sonnet-4-5-20250929", ResponseTranslator.toChatCompletion(anthropic, CTX).getString("model"));
  }

  @Test
  void s2_allTextBlocksAreConcatenatedIntoOneString() {
    JsonObject anthropic = message("""
        [{"type":"text","text":"Hello, "},{"type":"text","text":"world"},{"type":"text","text":"!"}]""", "end_turn");
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"Hello, world!","refusal":null}"""),
      choiceMessage(ResponseTranslator.toChatCompletion(anthropic, CTX)));
  }

  @Test
  void s2_noTextAndNoToolsGivesEmptyString() {
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"","refusal":null}"""),
      choiceMessage(ResponseTranslator.toChatCompletion(message("[]", "end_turn"), CTX)));
  }

  @Test
  void s3_toolUseBecomesToolCallsWithNullContentAndClientNames() {
    JsonObject anthropic = message("""
        [{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris"}},
         {"type":"tool_use","id":"toolu_01B","name":"my_tool_2","input":{}}]""", "tool_use");
    JsonObject completion = ResponseTranslator.toChatCompletion(anthropic,
      ctx(false, null, Map.of("my_tool_2", "my.tool")));
    assertEquals(new JsonObject("""
        {"role":"assistant","content":null,"refusal":null,"tool_calls":[
          {"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}},
          {"id":"toolu_01B","type":"function","function":{"name":"my.tool","arguments":"{}"}}]}"""),
      choiceMessage(completion));
    assertEquals("tool_calls", finish(completion));
  }

  @Test
  void s3_missingInputGivesEmptyObjectArguments() {
    JsonObject anthropic = message("""
        [{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_01A","name":"now"}]""", "tool_use");
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"Checking.","refusal":null,"tool_calls":[
          {"id":"toolu_01A","type":"function","function":{"name":"now","arguments":"{}"}}]}"""),
      choiceMessage(ResponseTranslator.toChatCompletion(anthropic, CTX)));
  }

  @Test
  void s4_thinkingBecomesReasoningContentAndReplayableBlocks() {
    JsonObject anthropic = message("""
        [{"type":"thinking","thinking":"First step.","signature":"sig-1"},
         {"type":"redacted_thinking","data":"ENCRYPTED"},
         {"type":"thinking","thinking":"Second step.","signature":"sig-2"},
         {"type":"text","text":"42"}]""", "end_turn");
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"42","refusal":null,
         "reasoning_content":"First step.\\nSecond step.",
         "thinking_blocks":[{"type":"thinking","thinking":"First step.","signature":"sig-1"},
                            {"type":"redacted_thinking","data":"ENCRYPTED"},
                            {"type":"thinking","thinking":"Second step.","signature":"sig-2"}]}"""),
      choiceMessage(ResponseTranslator.toChatCompletion(anthropic, CTX)));
  }

  @Test
  void s5_serverToolBlocksAreLeftOut() {
    JsonObject anthropic = message("""
        [{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
         {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
         {"type":"text","text":"Found it."}]""", "end_turn");
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"Found it.","refusal":null}"""),
      choiceMessage(ResponseTranslator.toChatCompletion(anthropic, CTX)));
  }

  static Stream<Arguments> s6_finishReasonAndNativeReason() {
    return Stream.of(
      arguments("end_turn", "stop"),
      arguments("stop_sequence", "stop"),
      arguments("max_tokens", "length"),
      arguments("pause_turn", "stop"),
      arguments("refusal", "content_filter"),
      arguments("model_context_window_exceeded", "length"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void s6_finishReasonAndNativeReason(String stopReason, String expected) {
    JsonObject choice = ResponseTranslator.toChatCompletion(message("[]", stopReason), CTX)
      .getJsonArray("choices").getJsonObject(0);
    assertEquals(expected, choice.getString("finish_reason"));
    assertEquals(stopReason, choice.getString("native_finish_reason"));
  }

  @Test
  void s7_usageCountsCacheTokens() {
    JsonObject anthropic = message("[]", "end_turn", """
        {"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":5}""");
    assertEquals(new JsonObject("""
        {"prompt_tokens":160,"completion_tokens":5,"total_tokens":165,
         "prompt_tokens_details":{"cached_tokens":100,"cache_creation_tokens":50}}"""),
      ResponseTranslator.toChatCompletion(anthropic, CTX).getJsonObject("usage"));
  }

  @Test
  void r14_legacyFunctionsGetFunctionCall() {
    JsonObject anthropic = message("""
        [{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris"}}]""", "tool_use");
    JsonObject completion = ResponseTranslator.toChatCompletion(anthropic, ctx(true, null, Map.of()));
    assertEquals(new JsonObject("""
        {"role":"assistant","content":null,"refusal":null,
         "function_call":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}"""),
      choiceMessage(completion));
    assertEquals("function_call", finish(completion));
  }

  @Test
  void r27_syntheticJsonToolIsUnwrappedIntoContentWithFinishStop() {
    JsonObject anthropic = message("""
        [{"type":"tool_use","id":"toolu_01J","name":"json_output","input":{"answer":42}}]""", "tool_use");
    JsonObject completion = ResponseTranslator.toChatCompletion(anthropic, ctx(false, "json_output", Map.of()));
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"{\\"answer\\":42}","refusal":null}"""), choiceMessage(completion));
    assertEquals("stop", finish(completion));
  }

  @Test
  void r27_realToolsStayToolCallsNextToTheJsonTool() {
    JsonObject anthropic = message("""
        [{"type":"tool_use","id":"toolu_01J","name":"json_output","input":{"answer":42}},
         {"type":"tool_use","id":"toolu_01R","name":"lookup","input":{"q":"x"}}]""", "tool_use");
    JsonObject completion = ResponseTranslator.toChatCompletion(anthropic, ctx(false, "json_output", Map.of()));
    assertEquals(new JsonObject("""
        {"role":"assistant","content":"{\\"answer\\":42}","refusal":null,"tool_calls":[
          {"id":"toolu_01R","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]}"""),
      choiceMessage(completion));
    assertEquals("tool_calls", finish(completion));
  }
}
