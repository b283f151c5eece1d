package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static dev.factoryproxy.translate.Translations.body;
import static dev.factoryproxy.translate.Translations.json;
import static dev.factoryproxy.translate.Translations.rejection;
import static dev.factoryproxy.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool calls in the history and tool definitions (R11–R18). */
class ToolTranslationTest {

  @Test
  void r11_toolCallsBecomeToolUseBlocksAfterTheText() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":"Weather in Paris and the time?"},
        {"role":"assistant","content":"Let me check.","tool_calls":[
          {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
          {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]},
        {"role":"tool","tool_call_id":"call_1","content":"18C"},
        {"role":"tool","tool_call_id":"call_2","content":"14:00"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Weather in Paris and the time?"}]},
         {"role":"assistant","content":[{"type":"text","text":"Let me check."},
           {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
           {"type":"tool_use","id":"call_2","name":"get_time","input":{}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"18C"},
                                   {"type":"tool_result","tool_use_id":"call_2","content":"14:00"}]}]}"""), body);
  }

  @Test
  void r11_toolCallIdsAreRewrittenTheSameWayInCallAndResult() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":"Go"},
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"call.1:x","type":"function","function":{"name":"run","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"call.1:x","content":"done"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Go"}]},
         {"role":"assistant","content":[{"type":"tool_use","id":"call_1_x_574a15ed","name":"run","input":{}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1_x_574a15ed","content":"done"}]}]}"""),
      body);
  }

  @Test
  void r12_toolResultsComeFirstAndAFollowingUserMessageJoinsThem() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":"Look"},
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"a","type":"function","function":{"name":"shot","arguments":"{}"}},
          {"id":"b","type":"function","function":{"name":"shot","arguments":"{}"}},
          {"id":"c","type":"function","function":{"name":"shot","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"a","content":[{"type":"text","text":"see"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}}]},
        {"role":"user","content":"Thanks, and note this"},
        {"role":"tool","tool_call_id":"b","content":""},
        {"role":"tool","tool_call_id":"c","content":[{"type":"text","text":" "}]}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Look"}]},
         {"role":"assistant","content":[{"type":"tool_use","id":"a","name":"shot","input":{}},
                                        {"type":"tool_use","id":"b","name":"shot","input":{}},
                                        {"type":"tool_use","id":"c","name":"shot","input":{}}]},
         {"role":"user","content":[
           {"type":"tool_result","tool_use_id":"a","content":[{"type":"text","text":"see"},
             {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}}]},
           {"type":"tool_result","tool_use_id":"b"},
           {"type":"tool_result","tool_use_id":"c"},
           {"type":"text","text":"Thanks, and note this"}]}]}"""), body);
  }

  @Test
  void r14_legacyFunctionsBecomeToolsWithSynthesizedIds() {
    TranslatedRequest result = translate("""
      {"model":"claude-haiku-4-5-20251001",
       "functions":[{"name":"lookup","description":"Find a word",
                     "parameters":{"type":"object","properties":{"w":{"type":"string"}}}}],
       "function_call":{"name":"lookup"},
       "messages":[
         {"role":"user","content":"Define cat"},
         {"role":"assistant","content":null,"function_call":{"name":"lookup","arguments":"{\\"w\\":\\"cat\\"}"}},
         {"role":"function","name":"lookup","content":"a small feline"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Define cat"}]},
         {"role":"assistant","content":[{"type":"tool_use","id":"call_function_1","name":"lookup","input":{"w":"cat"}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_function_1","content":"a small feline"}]}],
       "tools":[{"name":"lookup","description":"Find a word",
                 "input_schema":{"type":"object","properties":{"w":{"type":"string"}}}}],
       "tool_choice":{"type":"tool","name":"lookup"}}"""), result.body());
    assertTrue(result.context().legacyFunctions());
  }

  @Test
  void r13_aToolCallLeftUnansweredIsRefusedBeforeAnythingIsSent() {
    InvalidRequestException e = rejection("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":"Go"},
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
          {"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"a","content":"ok"},
        {"role":"user","content":"and?"}]}""");

    assertEquals("messages[1].tool_calls[1]", e.param());
    assertEquals("messages[1].tool_calls[1] has no answer: every tool call needs a tool message with its tool_call_id"
      + " before the next assistant message", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'\"auto\"'             | '{\"type\":\"auto\"}'",
    "'\"none\"'             | '{\"type\":\"none\"}'",
    "'{\"name\":\"lookup\"}' | '{\"type\":\"tool\",\"name\":\"lookup\"}'"})
  void r14_functionCallIsMappedLikeToolChoice(String functionCall, String expected) {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],
       "functions":[{"name":"lookup"}],"function_call":%s}""".formatted(functionCall));

    assertEquals(new JsonObject(expected), body.getJsonObject("tool_choice"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'\"auto\"'                                         | '{\"type\":\"auto\"}'",
    "'\"none\"'                                         | '{\"type\":\"none\"}'",
    "'\"required\"'                                     | '{\"type\":\"any\"}'",
    "'{\"type\":\"function\",\"function\":{\"name\":\"f\"}}' | '{\"type\":\"tool\",\"name\":\"f\"}'"})
  void r17_toolChoiceIsMapped(String toolChoice, String expected) {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],
       "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":%s}""".formatted(toolChoice));

    assertEquals(new JsonObject(expected), body.getJsonObject("tool_choice"));
  }

  @Test
  void r17_absentToolChoiceIsLeftOut() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],
       "tools":[{"type":"function","function":{"name":"f"}}]}""");

    assertFalse(body.containsKey("tool_choice"));
  }

  @Test
  void r16_definitionsGetObjectSchemasAndTypeListsBecomeAnyOf() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],
       "tools":[
         {"type":"function","function":{"name":"no_params","description":"Nothing needed","strict":true}},
         {"type":"function","function":{"name":"listy","parameters":{"type":"array","items":{"type":"string"}}}},
         {"type":"function","function":{"name":"nested","parameters":{"type":"object",
           "properties":{"note":{"type":["string","null"],"description":"optional","maxLength":20},
                         "tags":{"type":"array","items":{"type":["integer","null"]}}},
           "$defs":{"id":{"type":["string"]}},"required":["note"]}}}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "tools":[
         {"name":"no_params","description":"Nothing needed","input_schema":{"type":"object","properties":{}}},
         {"name":"listy","input_schema":{"type":"object","items":{"type":"string"}}},
         {"name":"nested","input_schema":{"type":"object",
           "properties":{"note":{"description":"optional",
                                 "anyOf":[{"type":"string","maxLength":20},{"type":"null"}]},
                         "tags":{"type":"array","items":{"anyOf":[{"type":"integer"},{"type":"null"}]}}},
           "$defs":{"id":{"type":"string"}},"required":["note"]}}]}"""), body);
  }

  @Test
  void r16_emptyToolListIsLeftOutWithItsChoice() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],"tools":[],"tool_choice":"auto"}""");

    assertFalse(body.containsKey("tools"));
    assertFalse(body.containsKey("tool_choice"));
  }

  @Test
  void r16_strictIsForwardedOnlyToModelsThatSupportIt() {
    String request = """
      {"model":"%s","messages":[{"role":"user","content":"Hi"}],
       "tools":[{"type":"function","function":{"name":"f","strict":true}}]}""";

    assertEquals(json("""
      {"name":"f","input_schema":{"type":"object","properties":{}},"strict":true}"""),
      body(request.formatted(TestSettings.STRICT_TOOLS)).getJsonArray("tools").getJsonObject(0));
    assertEquals(json("""
      {"name":"f","input_schema":{"type":"object","properties":{}}}"""),
      body(request.formatted(TestSettings.HAIKU)).getJsonArray("tools").getJsonObject(0));
  }

  @Test
  void r16_invalidToolNamesAreRenamedReversiblyEverywhere() {
    TranslatedRequest result = translate("""
      {"model":"claude-haiku-4-5-20251001",
       "tools":[{"type":"function","function":{"name":"get.weather"}}],
       "tool_choice":{"type":"function","function":{"name":"get.weather"}},
       "messages":[
         {"role":"user","content":"Paris?"},
         {"role":"assistant","content":null,"tool_calls":[
           {"id":"c1","type":"function","function":{"name":"get.weather","arguments":"{}"}}]},
         {"role":"tool","tool_call_id":"c1","content":"sunny"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[
         {"role":"user","content":[{"type":"text","text":"Paris?"}]},
         {"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"get_weather_f65d4328","input":{}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"sunny"}]}],
       "tools":[{"name":"get_weather_f65d4328","input_schema":{"type":"object","properties":{}}}],
       "tool_choice":{"type":"tool","name":"get_weather_f65d4328"}}"""), result.body());
    assertEquals(Map.of("get_weather_f65d4328", "get.weather"), result.context().toolNames());
  }

  @Test
  void r16_renamedToolNeverCollidesWithAClientName() {
    TranslatedRequest result = translate("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],
       "tools":[{"type":"function","function":{"name":"get_weather_f65d4328"}},
                {"type":"function","function":{"name":"get.weather"}}]}""");

    assertEquals(Map.of("get_weather_f65d4328_2", "get.weather"), result.context().toolNames());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "                                                   | '{\"type\":\"auto\",\"disable_parallel_tool_use\":true}'",
    "'\"required\"'                                     | '{\"type\":\"any\",\"disable_parallel_tool_use\":true}'",
    "'{\"type\":\"function\",\"function\":{\"name\":\"f\"}}' | '{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}'",
    "'\"none\"'                                         | '{\"type\":\"none\"}'"})
  void r18_parallelToolCallsFalseDisablesParallelUse(String toolChoice, String expected) {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],"parallel_tool_calls":false,
       "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":%s}""".formatted(toolChoice));

    assertEquals(new JsonObject(expected), body.getJsonObject("tool_choice"));
  }

  @Test
  void r18_parallelToolCallsTrueAddsNothing() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hi"}],"parallel_tool_calls":true,
       "tools":[{"type":"function","function":{"name":"f"}}]}""");

    assertFalse(body.containsKey("tool_choice"));
  }
}
