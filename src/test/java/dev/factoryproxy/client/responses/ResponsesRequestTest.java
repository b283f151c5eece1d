package dev.factoryproxy.client.responses;

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

class ResponsesRequestTest {
  private final ResponsesClient client = new ResponsesClient();

  private static JsonObject request(Object input) {
    return new JsonObject().put("model", "claude-sonnet-4-6").put("input", input);
  }

  private JsonObject hub(JsonObject request) {
    return client.toChat(request).chatRequest();
  }

  private static JsonObject text(String type, String text) {
    return new JsonObject().put("type", type).put("text", text);
  }

  private static JsonObject message(String role, JsonObject... parts) {
    JsonArray content = new JsonArray();
    for (JsonObject part : parts) {
      content.add(part);
    }
    return new JsonObject().put("type", "message").put("role", role).put("content", content);
  }

  private static String param(JsonObject request) {
    return assertThrows(InvalidRequestException.class, () -> new ResponsesClient().toChat(request)).param();
  }

  @Test
  void xr1_instructionsBecomeTheFirstSystemMessage() {
    JsonObject chat = hub(request("hi").put("instructions", "Be brief."));
    assertEquals(new JsonArray()
      .add(new JsonObject().put("role", "system").put("content", "Be brief."))
      .add(new JsonObject().put("role", "user").put("content", "hi")), chat.getJsonArray("messages"));
    assertEquals("claude-sonnet-4-6", chat.getString("model"));
  }

  @Test
  void xr2_stringInputIsOneUserMessage() {
    assertEquals(new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")),
      hub(request("hi")).getJsonArray("messages"));
  }

  @Test
  void xr2_missingOrMalformedInputIsA400() {
    assertEquals("input", param(new JsonObject().put("model", "m")));
    assertEquals("input", param(request(5)));
    assertEquals("model", param(new JsonObject().put("input", "hi")));
    assertEquals("input[0]", param(request(new JsonArray().add("hi"))));
  }

  @Test
  void xr3_codexDeveloperMessagesStayDeveloperMessagesInOrder() {
    JsonObject codex = CodexFixture.firstRequest().put("model", "claude-sonnet-4-6");
    JsonArray messages = hub(codex).getJsonArray("messages");
    assertEquals(List.of("developer", "developer", "user", "user"),
      messages.stream().map(m -> ((JsonObject) m).getString("role")).toList());
    JsonArray input = codex.getJsonArray("input");
    JsonArray second = input.getJsonObject(1).getJsonArray("content");
    assertEquals(second.getJsonObject(0).getString("text") + second.getJsonObject(1).getString("text"),
      messages.getJsonObject(1).getString("content"));
    assertEquals(new JsonArray().add(new JsonObject().put("type", "text").put("text", "Say PONG")),
      messages.getJsonObject(3).getJsonArray("content"));
  }

  @Test
  void xr3_easyInputMessagesWithoutATypeAndSystemRole() {
    JsonArray input = new JsonArray().add(new JsonObject().put("role", "system").put("content", "S"))
      .add(new JsonObject().put("role", "user").put("content", "U"));
    assertEquals(new JsonArray().add(new JsonObject().put("role", "system").put("content", "S"))
      .add(new JsonObject().put("role", "user").put("content", "U")), hub(request(input)).getJsonArray("messages"));
  }

  @Test
  void xr3_nonTextInADeveloperMessageIsA400() {
    JsonArray input = new JsonArray().add(message("developer", new JsonObject().put("type", "input_image")
      .put("image_url", "https://x/y.png")));
    assertEquals("input[0].content[0].type", param(request(input)));
    assertEquals("input[0].role", param(request(new JsonArray().add(new JsonObject().put("role", "tool")
      .put("content", "x")))));
  }

  @Test
  void xr4_imagesAndFilesBecomeChatParts() {
    JsonArray input = new JsonArray().add(message("user", text("input_text", "what is this?"),
      new JsonObject().put("type", "input_image").put("image_url", "data:image/png;base64,AAAA").put("detail", "auto"),
      new JsonObject().put("type", "input_file").put("filename", "a.pdf")
        .put("file_data", "data:application/pdf;base64,JVBE")));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "what is this?"))
        .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject()
          .put("url", "data:image/png;base64,AAAA").put("detail", "auto")))
        .add(new JsonObject().put("type", "file").put("file", new JsonObject()
          .put("file_data", "data:application/pdf;base64,JVBE").put("filename", "a.pdf"))),
      hub(request(input)).getJsonArray("messages").getJsonObject(0).getJsonArray("content"));
  }

  @Test
  void xr4_fileIdsAreA400() {
    JsonArray input = new JsonArray().add(message("user", new JsonObject().put("type", "input_image")
      .put("file_id", "file-1")));
    assertEquals("input[0].content[0].file_id", param(request(input)));
  }

  @Test
  void xr5_xr6_functionCallLoopBecomesOneAssistantTurnAndToolMessages() {
    JsonArray input = new JsonArray()
      .add(message("user", text("input_text", "run ls")))
      .add(message("assistant", text("output_text", "Listing.")))
      .add(new JsonObject().put("type", "function_call").put("id", "fc_1").put("call_id", "call_1")
        .put("name", "exec_command").put("arguments", "{\"cmd\":\"ls\"}"))
      .add(new JsonObject().put("type", "function_call").put("call_id", "call_2").put("name", "exec_command")
        .put("arguments", "{\"cmd\":\"pwd\"}"))
      .add(new JsonObject().put("type", "function_call_output").put("call_id", "call_1").put("output", "a.txt"))
      .add(new JsonObject().put("type", "function_call_output").put("call_id", "call_2")
        .put("output", new JsonArray().add(text("input_text", "/tmp"))));
    assertEquals(new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "run ls"))))
      .add(new JsonObject().put("role", "assistant").put("content", "Listing.").put("tool_calls", new JsonArray()
        .add(new JsonObject().put("id", "call_1").put("type", "function").put("function", new JsonObject()
          .put("name", "exec_command").put("arguments", "{\"cmd\":\"ls\"}")))
        .add(new JsonObject().put("id", "call_2").put("type", "function").put("function", new JsonObject()
          .put("name", "exec_command").put("arguments", "{\"cmd\":\"pwd\"}")))))
      .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "a.txt"))
      .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_2").put("content", new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "/tmp")))), hub(request(input)).getJsonArray("messages"));
  }

  @Test
  void xr5_functionCallWithoutCallIdIsA400() {
    JsonArray input = new JsonArray().add(new JsonObject().put("type", "function_call").put("name", "f")
      .put("arguments", "{}"));
    assertEquals("input[0].call_id", param(request(input)));
  }

  @Test
  void xr7_ownReasoningReplaysAsThinkingBlocksForeignReasoningIsDropped() {
    JsonArray input = new JsonArray()
      .add(message("user", text("input_text", "q")))
      .add(new JsonObject().put("type", "reasoning").put("id", "rs_1")
        .put("summary", new JsonArray().add(text("summary_text", "Let me think.")))
        .put("encrypted_content", "fpx.thinking.SIG"))
      .add(new JsonObject().put("type", "reasoning").put("summary", new JsonArray())
        .put("encrypted_content", "fpx.redacted.DATA"))
      .add(new JsonObject().put("type", "reasoning").put("summary", new JsonArray())
        .put("encrypted_content", "gAAAAB-openai"))
      .add(new JsonObject().put("type", "function_call").put("call_id", "c1").put("name", "f")
        .put("arguments", "{}"))
      .add(new JsonObject().put("type", "function_call_output").put("call_id", "c1").put("output", "r"));
    HubRequest hub = client.toChat(request(input));
    JsonObject assistant = hub.chatRequest().getJsonArray("messages").getJsonObject(1);
    assertEquals(new JsonArray()
      .add(new JsonObject().put("type", "thinking").put("thinking", "Let me think.").put("signature", "SIG"))
      .add(new JsonObject().put("type", "redacted_thinking").put("data", "DATA")),
      assistant.getJsonArray("thinking_blocks"));
    assertEquals(1, assistant.getJsonArray("tool_calls").size());
    assertEquals(List.of("input[3]: reasoning item not issued by this proxy dropped (it cannot be replayed to this "
      + "model)"), hub.warnings());
  }

  @Test
  void xr8_flatFunctionToolsBecomeNestedChatTools() {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject()
      .put("cmd", new JsonObject().put("type", "string"))).put("required", new JsonArray().add("cmd"));
    JsonObject req = request("hi").put("tools", new JsonArray()
      .add(new JsonObject().put("type", "function").put("name", "exec_command").put("description", "Run")
        .put("strict", false).put("parameters", schema))
      .add(new JsonObject().put("type", "function").put("name", "noargs").put("strict", true)));
    assertEquals(new JsonArray()
      .add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "exec_command")
        .put("description", "Run").put("parameters", schema)))
      .add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "noargs")
        .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject()))
        .put("strict", true))), hub(req).getJsonArray("tools"));
  }

  @Test
  void xr9_codexNamespaceToolsAreFlattenedAndWebSearchDroppedWithAWarning() {
    JsonObject codex = CodexFixture.firstRequest().put("model", "claude-sonnet-4-6");
    HubRequest hub = client.toChat(codex);
    List<String> names = hub.chatRequest().getJsonArray("tools").stream()
      .map(t -> ((JsonObject) t).getJsonObject("function").getString("name")).toList();
    assertEquals(List.of("exec_command", "write_stdin", "request_user_input", "view_image",
      "multi_agent_v1__close_agent", "multi_agent_v1__resume_agent", "multi_agent_v1__send_input",
      "multi_agent_v1__spawn_agent", "multi_agent_v1__wait_agent", "get_goal", "create_goal", "update_goal"), names);
    assertEquals(new JsonObject().put("namespace", "multi_agent_v1").put("name", "spawn_agent"),
      hub.clientContext().getJsonObject("namespaced").getJsonObject("multi_agent_v1__spawn_agent"));
    assertEquals(List.of("tools[8]: hosted tool web_search dropped (only GPT models run OpenAI's hosted tools)"),
      hub.warnings());
    assertEquals("auto", hub.chatRequest().getString("tool_choice"));
    assertEquals(true, hub.chatRequest().getBoolean("parallel_tool_calls"));
    assertFalse(hub.chatRequest().containsKey("client_metadata"));
    assertEquals(new JsonObject().put("include_usage", true), hub.chatRequest().getJsonObject("stream_options"));
  }

  @Test
  void xr9_namespacedCallsInInputRejoinTheirHubName() {
    JsonArray input = new JsonArray().add(new JsonObject().put("type", "function_call").put("call_id", "c1")
      .put("namespace", "multi_agent_v1").put("name", "spawn_agent").put("arguments", "{}"));
    assertEquals("multi_agent_v1__spawn_agent", hub(request(input)).getJsonArray("messages").getJsonObject(0)
      .getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function").getString("name"));
  }

  @Test
  void xr9_customToolsAreA400NamingTheTool() {
    JsonObject req = request("hi").put("tools", new JsonArray().add(new JsonObject().put("type", "custom")
      .put("name", "apply_patch").put("format", new JsonObject().put("type", "grammar"))));
    assertEquals("tools[0].type", param(req));
    JsonArray input = new JsonArray().add(new JsonObject().put("type", "custom_tool_call").put("call_id", "c")
      .put("name", "apply_patch").put("input", "*** Begin Patch"));
    assertEquals("input[0].type", param(request(input)));
  }

  @Test
  void xr10_toolChoiceForms() {
    JsonArray tools = new JsonArray().add(new JsonObject().put("type", "function").put("name", "f"));
    assertEquals("required", hub(request("hi").put("tools", tools).put("tool_choice", "required"))
      .getString("tool_choice"));
    assertEquals(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "f")),
      hub(request("hi").put("tools", tools).put("tool_choice", new JsonObject().put("type", "function")
        .put("name", "f"))).getJsonObject("tool_choice"));
    assertEquals("tool_choice.type", param(request("hi").put("tools", tools)
      .put("tool_choice", new JsonObject().put("type", "web_search"))));
    assertEquals("tool_choice", param(request("hi").put("tool_choice", "sometimes")));
    assertFalse(hub(request("hi").put("tool_choice", "auto")).containsKey("tool_choice"), "no tools, no choice");
  }

  @Test
  void xr11_samplingLimitsReasoningAndUser() {
    JsonObject chat = hub(request("hi").put("max_output_tokens", 500).put("temperature", 0.2).put("top_p", 0.9)
      .put("reasoning", new JsonObject().put("effort", "xhigh").put("summary", "auto")).put("user", "u1"));
    assertEquals(500, chat.getInteger("max_completion_tokens"));
    assertEquals(0.2, chat.getDouble("temperature"));
    assertEquals(0.9, chat.getDouble("top_p"));
    assertEquals("high", chat.getString("reasoning_effort"));
    assertEquals("u1", chat.getString("user"));
    assertFalse(hub(request("hi").put("reasoning", new JsonObject().put("effort", "none")))
      .containsKey("reasoning_effort"));
    assertEquals("medium", hub(request("hi").put("reasoning", new JsonObject().put("effort", "medium")))
      .getString("reasoning_effort"));
    assertEquals("reasoning.effort", param(request("hi").put("reasoning", new JsonObject().put("effort", "max"))));
    assertEquals("max_output_tokens", param(request("hi").put("max_output_tokens", 0)));
    assertEquals("temperature", param(request("hi").put("temperature", 3)));
  }

  @Test
  void xr12_jsonSchemaFormatGetsTheChatNesting() {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject());
    JsonObject chat = hub(request("hi").put("text", new JsonObject().put("format", new JsonObject()
      .put("type", "json_schema").put("name", "answer").put("schema", schema).put("strict", true))));
    assertEquals(new JsonObject().put("type", "json_schema").put("json_schema", new JsonObject().put("name", "answer")
      .put("schema", schema).put("strict", true)), chat.getJsonObject("response_format"));
    assertFalse(hub(request("hi").put("text", new JsonObject().put("format", new JsonObject().put("type", "text"))))
      .containsKey("response_format"));
    assertEquals("text.format.schema", param(request("hi").put("text", new JsonObject().put("format",
      new JsonObject().put("type", "json_schema").put("name", "a")))));
  }

  @Test
  void xr13_storageAndCachingFieldsAreAcceptedUnknownOnesWarned() {
    HubRequest hub = client.toChat(request("hi").put("store", false).put("include", new JsonArray())
      .put("prompt_cache_key", "k").put("metadata", new JsonObject().put("a", "b")).put("frobnicate", 1));
    assertEquals(List.of("frobnicate is not supported by the proxy's Responses translation and was ignored"),
      hub.warnings());
    assertEquals(new JsonObject().put("model", "claude-sonnet-4-6").put("messages", new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", "hi"))), hub.chatRequest());
  }

  @Test
  void xr14_previousResponseIdUnexpandedItemReferencesAndStoredOnlyFieldsAre400() {
    assertEquals("previous_response_id", param(request("hi").put("previous_response_id", "resp_1")));
    assertEquals("conversation", param(request("hi").put("conversation", "conv_1")));
    assertEquals("input[0]", param(request(new JsonArray().add(new JsonObject().put("type", "item_reference")
      .put("id", "msg_1")))));
  }

  @Test
  void xr15_contextEchoesTheRequestForTheResponseObject() {
    JsonObject ctx = client.toChat(request("hi").put("instructions", "I").put("stream", true)).clientContext();
    assertEquals("responses", ctx.getString("client"));
    assertEquals(true, ctx.getBoolean("stream"));
    assertEquals("I", ctx.getJsonObject("echo").getString("instructions"));
    assertTrue(ctx.getJsonObject("echo").containsKey("tools"));
  }
}
