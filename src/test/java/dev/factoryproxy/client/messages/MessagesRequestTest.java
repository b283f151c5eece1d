package dev.factoryproxy.client.messages;

import dev.factoryproxy.client.messages.Fixtures.Captured;
import dev.factoryproxy.dialect.ClientDialect.HubRequest;
import dev.factoryproxy.translate.InvalidRequestException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesRequestTest {
  private final MessagesClient client = new MessagesClient(Fixtures.settings());

  private JsonObject hub(String json) {
    return client.toChat(new JsonObject(json)).chatRequest();
  }

  private InvalidRequestException rejected(String json) {
    return assertThrows(InvalidRequestException.class, () -> client.toChat(new JsonObject(json)));
  }

  @Test
  void mr1_modelMaxTokensAndATextMessage() {
    assertEquals(new JsonObject("""
      {"model":"glm-5","messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"max_tokens":100}"""),
      hub("""
        {"model":"glm-5","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]}"""));
    assertEquals("messages", client.name());
  }

  @Test
  void mr2_missingOrBadFieldsAreNamed() {
    assertEquals("max_tokens", rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
      .param());
    assertEquals("model", rejected("{\"max_tokens\":5,\"messages\":[]}").param());
    assertEquals("messages", rejected("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}").param());
    assertEquals("messages[0].role", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]}""").param());
    assertEquals("messages[0].content", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user"}]}""").param());
    assertEquals("messages[0].content", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"  "}]}""").param());
    InvalidRequestException extra = rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"n":2}""");
    assertEquals("n", extra.param());
    assertEquals("n: Extra inputs are not permitted", extra.getMessage());
  }

  @Test
  void mr3_systemBlocksBecomeOneSystemMessageWithTheirCacheControl() {
    JsonObject hub = hub("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],
       "system":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}},{"type":"text","text":"  "},
                 {"type":"text","text":"B"}]}""");
    assertEquals(new JsonObject("""
      {"role":"system","content":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}},
                                   {"type":"text","text":"B"}]}"""), hub.getJsonArray("messages").getJsonObject(0));
    assertEquals(new JsonObject("{\"role\":\"system\",\"content\":\"S\"}"), hub("""
      {"model":"m","max_tokens":5,"system":"S","messages":[{"role":"user","content":"x"}]}""")
      .getJsonArray("messages").getJsonObject(0));
  }

  @Test
  void mr4_imagesAndDocumentsBecomeChatParts() {
    JsonArray content = hub("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}},
        {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},
        {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}},
        {"type":"document","source":{"type":"text","media_type":"text/plain","data":"notes"}}]}]}""")
      .getJsonArray("messages").getJsonObject(0).getJsonArray("content");
    assertEquals(new JsonArray("""
      [{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}},
       {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
       {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBE"}},
       {"type":"text","text":"notes"}]"""), content);
    assertEquals("messages[0].content[0].source.media_type", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
        {"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"x"}}]}]}""").param());
    assertEquals("messages[0].content[0].type", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
        {"type":"server_tool_use","id":"s","name":"web_search","input":{}}]}]}""").param());
  }

  @Test
  void mr5_assistantTurnsCarryTextToolCallsAndThinking() {
    JsonObject assistant = hub("""
      {"model":"m","max_tokens":5000,"messages":[{"role":"user","content":"weather?"},
        {"role":"assistant","content":[
          {"type":"thinking","thinking":"Need the tool.","signature":"sig1"},
          {"type":"redacted_thinking","data":"opaque"},
          {"type":"text","text":"Checking."},
          {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"}]}]}""")
      .getJsonArray("messages").getJsonObject(1);
    assertEquals(new JsonObject("""
      {"role":"assistant","content":"Checking.",
       "tool_calls":[{"id":"toolu_1","type":"function",
                      "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}],
       "reasoning_content":"Need the tool.",
       "thinking_blocks":[{"type":"thinking","thinking":"Need the tool.","signature":"sig1"},
                          {"type":"redacted_thinking","data":"opaque"}]}"""), assistant);
  }

  @Test
  void mr5_signatureOnlyThinkingIsReplayed() { // strands PR #2704: display "omitted" gives empty thinking text
    JsonObject assistant = hub("""
      {"model":"m","max_tokens":5000,"messages":[{"role":"user","content":"hi"},
        {"role":"assistant","content":[{"type":"thinking","thinking":"","signature":"only-sig"},
                                       {"type":"text","text":"Hello"}]},
        {"role":"user","content":"again"}]}""").getJsonArray("messages").getJsonObject(1);
    assertEquals(new JsonObject("""
      {"role":"assistant","content":"Hello",
       "thinking_blocks":[{"type":"thinking","thinking":"","signature":"only-sig"}]}"""), assistant);
  }

  @Test
  void mr6_toolResultsComeFirstAsToolMessagesThenTheUsersText() {
    JsonArray messages = hub("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"go"},
        {"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":{}},
                                       {"type":"tool_use","id":"b","name":"f","input":{}}]},
        {"role":"user","content":[
          {"type":"tool_result","tool_use_id":"a",
           "content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},
          {"type":"tool_result","tool_use_id":"b","is_error":true,"content":"boom"},
          {"type":"text","text":"continue"}]}]}""").getJsonArray("messages");
    assertEquals(new JsonArray("""
      [{"role":"user","content":[{"type":"text","text":"go"}]},
       {"role":"assistant","content":null,"tool_calls":[
         {"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
         {"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]},
       {"role":"tool","tool_call_id":"a","content":"one\\ntwo"},
       {"role":"tool","tool_call_id":"b","content":"Error: boom"},
       {"role":"user","content":[{"type":"text","text":"continue"}]}]"""), messages);
  }

  @Test
  void mr7_urlImagesInAToolResultStayParts() { // vercel/ai #18982
    JsonObject tool = hub("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"go"},
        {"role":"assistant","content":[{"type":"tool_use","id":"a","name":"shot","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":[
          {"type":"image","source":{"type":"url","url":"https://example.com/s.png"}}]}]}]}""")
      .getJsonArray("messages").getJsonObject(2);
    assertEquals(new JsonObject("""
      {"role":"tool","tool_call_id":"a",
       "content":[{"type":"image_url","image_url":{"url":"https://example.com/s.png"}}]}"""),
      tool);
  }

  @Test
  void mr8_toolsBecomeFunctionsAndServerToolsAreRefused() {
    JsonObject hub = hub("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],
       "tools":[{"name":"Bash","description":"Run",
                 "input_schema":{"type":"object","properties":{"c":{"type":"string"}}},
                 "cache_control":{"type":"ephemeral"},"defer_loading":true}]}""");
    assertEquals(new JsonArray("""
      [{"type":"function","function":{"name":"Bash","description":"Run",
        "parameters":{"type":"object","properties":{"c":{"type":"string"}}}}}]"""), hub.getJsonArray("tools"));
    assertEquals("tools[0].type", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],
       "tools":[{"type":"web_search_20250305","name":"web_search"}]}""").param());
    assertEquals("tools[0].input_schema", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"f"}]}""").param());
  }

  @Test
  void mr9_toolChoiceAndParallelCalls() {
    String base = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
      + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":";
    assertEquals("auto", hub(base + "{\"type\":\"auto\"}}").getValue("tool_choice"));
    assertEquals("required", hub(base + "{\"type\":\"any\"}}").getValue("tool_choice"));
    assertEquals("none", hub(base + "{\"type\":\"none\"}}").getValue("tool_choice"));
    assertEquals(new JsonObject("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"),
      hub(base + "{\"type\":\"tool\",\"name\":\"f\"}}").getValue("tool_choice"));
    JsonObject serial = hub(base + "{\"type\":\"auto\",\"disable_parallel_tool_use\":true}}");
    assertEquals(false, serial.getValue("parallel_tool_calls"));
    assertFalse(hub(base + "{\"type\":\"auto\"}}").containsKey("parallel_tool_calls"));
    assertEquals("tool_choice.name", assertThrows(InvalidRequestException.class,
      () -> client.toChat(new JsonObject(base + "{\"type\":\"tool\"}}"))).param());
  }

  @Test
  void mr10_samplingAndStopSequences() {
    JsonObject hub = hub("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],
       "temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["END"]}""");
    assertEquals(0.5, hub.getValue("temperature"));
    assertEquals(0.9, hub.getValue("top_p"));
    assertEquals(new JsonArray().add("END"), hub.getJsonArray("stop"));
    assertFalse(hub.containsKey("top_k"));
    assertEquals("temperature", rejected("""
      {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"temperature":1.5}""").param());
  }

  @Test
  void mr11_thinkingBecomesReasoningEffort() {
    String base = "{\"model\":\"m\",\"max_tokens\":32000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],";
    assertEquals("low", hub(base + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}")
      .getString("reasoning_effort"));
    assertEquals("medium", hub(base + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}")
      .getString("reasoning_effort"));
    assertEquals("high", hub(base + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999,"
      + "\"display\":\"omitted\"}}").getString("reasoning_effort"));
    assertEquals("high", hub(base + "\"thinking\":{\"type\":\"adaptive\"}}").getString("reasoning_effort"));
    assertEquals("low", hub(base + "\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"low\"}}")
      .getString("reasoning_effort"));
    assertEquals("none", hub(base + "\"thinking\":{\"type\":\"disabled\"}}").getString("reasoning_effort"));
    assertEquals("thinking.budget_tokens",
      rejected(base + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":32000}}").param());
  }

  @Test
  void mr12_streamAsksForUsageAndUserIdBecomesUser() {
    HubRequest request = client.toChat(new JsonObject("""
      {"model":"m","max_tokens":5,"stream":true,"metadata":{"user_id":"u-1"},
       "messages":[{"role":"user","content":"x"}]}"""));
    assertEquals(true, request.chatRequest().getValue("stream"));
    assertEquals(new JsonObject().put("include_usage", true), request.chatRequest().getJsonObject("stream_options"));
    assertEquals("u-1", request.chatRequest().getString("user"));
    assertEquals(new JsonObject().put("client", "messages").put("model", "m").put("stream", true),
      request.clientContext());
  }

  @Test
  void mr13_claudeOnlyFieldsAreLeftOutWithAWarning() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    HubRequest request = client.toChat(cc.body().copy().put("model", "glm-5"));
    assertFalse(request.chatRequest().containsKey("context_management"));
    assertEquals(List.of("context_management ignored: only Claude models take it"), request.warnings());
  }

  @Test
  void mr14_claudeCodesFirstRequestTranslatesCompletely() {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    JsonObject hub = client.toChat(cc.body()).chatRequest();
    JsonArray messages = hub.getJsonArray("messages");
    assertEquals(2, messages.size());
    JsonArray system = messages.getJsonObject(0).getJsonArray("content");
    assertEquals(cc.body().getJsonArray("system").size(), system.size());
    assertEquals(new JsonObject("{\"type\":\"ephemeral\"}"), system.getJsonObject(1).getJsonObject("cache_control"));
    assertEquals(cc.body().getJsonArray("messages").getJsonObject(0).getJsonArray("content").size(),
      messages.getJsonObject(1).getJsonArray("content").size());
    assertEquals(cc.body().getJsonArray("tools").size(), hub.getJsonArray("tools").size());
    assertEquals("high", hub.getString("reasoning_effort"));
    assertEquals(32000, hub.getInteger("max_tokens"));
    assertTrue(hub.getString("user").contains("device_id"));
    assertFalse(hub.encode().contains("defer_loading"));
  }
}
