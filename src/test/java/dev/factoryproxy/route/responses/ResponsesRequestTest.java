package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.factoryproxy.route.responses.Fixtures.DROID;
import static dev.factoryproxy.route.responses.Fixtures.body;
import static dev.factoryproxy.route.responses.Fixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub → Responses request rules OR1–OR19 (docs/route-responses.md). */
class ResponsesRequestTest {
  private static final String HELLO = "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]";
  private static final JsonArray HELLO_INPUT = new JsonArray("""
    [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}]""");

  private static void assertRejected(String chatJson, String param) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> translate(chatJson));
    assertEquals(param, e.param(), e.getMessage());
  }

  @Test
  void or1_modelIdFromTheTable() {
    JsonObject body = body("{\"model\": \"gpt-5.4\", " + HELLO + "}");
    assertEquals(new JsonObject().put("model", "gpt-5.4").put("instructions", DROID).put("input", HELLO_INPUT)
      .put("store", false).put("include", new JsonArray().add("reasoning.encrypted_content")), body);
  }

  @Test
  void or1_fastVariantSendsTheBaseIdWithPriorityTier() {
    JsonObject body = translate("{\"model\": \"gpt-5.4-fast\", " + HELLO + "}", Fixtures.GPT_FAST).body();
    assertEquals("gpt-5.4", body.getString("model"));
    assertEquals("priority", body.getString("service_tier"));
    assertEquals("gpt-5.4-fast", translate("{\"model\": \"gpt-5.4-fast\", " + HELLO + "}", Fixtures.GPT_FAST)
      .context().model());
  }

  @Test
  void or2_systemAndDeveloperMessagesBecomeInstructionsAfterTheDroidPrompt() {
    JsonObject body = body("""
      {"model": "gpt-5.4", "messages": [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "developer", "content": [{"type": "text", "text": "Use tools."}, {"type": "text", "text": "  "}]}]}
      """);
    assertEquals(DROID + "\n\nBe brief.\n\nUse tools.", body.getString("instructions"));
    assertEquals(HELLO_INPUT, body.getJsonArray("input"));
  }

  @Test
  void or2_nonTextSystemPartsAndSystemOnlyConversationsAreRejected() {
    assertRejected("""
      {"model": "gpt-5.4", "messages": [{"role": "system", "content": [{"type": "image_url",
        "image_url": {"url": "https://x.test/a.png"}}]}, {"role": "user", "content": "Hi"}]}""",
      "messages[0].content[0].type");
    assertRejected("{\"model\": \"gpt-5.4\", \"messages\": [{\"role\": \"system\", \"content\": \"A\"}]}", "messages");
    assertRejected("{\"model\": \"gpt-5.4\", \"messages\": []}", "messages");
  }

  @Test
  void or3_userTextImagesAndFilesBecomeInputParts() {
    JsonObject body = body("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "Look"},
        {"type": "text", "text": " "},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA", "detail": "low"}},
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
        {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBE", "filename": "a.pdf"}}]}]}
      """);
    assertEquals(new JsonArray("""
      [{"type": "message", "role": "user", "content": [
        {"type": "input_text", "text": "Look"},
        {"type": "input_image", "image_url": "data:image/png;base64,AAAA", "detail": "low"},
        {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"},
        {"type": "input_file", "file_data": "data:application/pdf;base64,JVBE", "filename": "a.pdf"}]}]"""),
      body.getJsonArray("input"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"type\": \"text\", \"text\": \"  \"}|messages[0].content",
    "{\"type\": \"input_audio\", \"input_audio\": {}}|messages[0].content[0].type",
    "{\"type\": \"file\", \"file\": {\"file_id\": \"file-1\"}}|messages[0].content[0].file.file_id",
    "{\"type\": \"image_url\", \"image_url\": {\"url\": \"ftp://x\"}}|messages[0].content[0].image_url.url",
    "{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://x\", \"detail\": \"max\"}}"
      + "|messages[0].content[0].image_url.detail"})
  void or3_emptyOrUnsupportedUserContentIsRejected(String part, String param) {
    assertRejected("{\"model\": \"gpt-5.4\", \"messages\": [{\"role\": \"user\", \"content\": [" + part + "]}]}",
      param);
  }

  @Test
  void or4_assistantTextAndToolCallsBecomeOutputMessageAndFunctionCalls() {
    JsonObject body = body("""
      {"model": "gpt-5.4", "tools": [{"type": "function", "function": {"name": "ls"}}], "messages": [
        {"role": "user", "content": "List"},
        {"role": "assistant", "content": "Sure.", "tool_calls": [
          {"id": "call_1", "type": "function", "function": {"name": "ls", "arguments": "{\\"dir\\":\\".\\"}"}},
          {"id": "call_2", "type": "function", "function": {"name": "ls", "arguments": ""}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "a.txt"},
        {"role": "tool", "tool_call_id": "call_2",
         "content": [{"type": "text", "text": "b"}, {"type": "text", "text": "c"}]}]}
      """);
    assertEquals(new JsonArray("""
      [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "List"}]},
       {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Sure."}]},
       {"type": "function_call", "call_id": "call_1", "name": "ls", "arguments": "{\\"dir\\":\\".\\"}"},
       {"type": "function_call", "call_id": "call_2", "name": "ls", "arguments": "{}"},
       {"type": "function_call_output", "call_id": "call_1", "output": "a.txt"},
       {"type": "function_call_output", "call_id": "call_2", "output": "bc"}]"""), body.getJsonArray("input"));
  }

  @Test
  void or4_assistantRefusalPartsStayRefusalsOtherPartsAreRejected() {
    JsonArray input = body("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": [
        {"type": "text", "text": "Well"}, {"type": "refusal", "refusal": "No."}]}, {"role": "user", "content": "Ok"}]}
      """).getJsonArray("input");
    assertEquals(new JsonObject("""
      {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Well"},
        {"type": "refusal", "refusal": "No."}]}"""), input.getJsonObject(1));
    assertRejected("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": [
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}]}]}""", "messages[1].content[0].type");
  }

  @Test
  void or5_reasoningThinkingBlocksReplayAsReasoningItemsOthersAreDropped() {
    JsonObject body = body("""
      {"model": "gpt-5.4", "messages": [
        {"role": "user", "content": "Q"},
        {"role": "assistant", "content": "A", "thinking_blocks": [
          {"type": "thinking", "thinking": "I think", "signature": "openai-reasoning:ENC1"},
          {"type": "thinking", "thinking": "claude", "signature": "EqQBCkYIBxgCKkA"},
          {"type": "redacted_thinking", "data": "abc"},
          {"type": "thinking", "thinking": "", "signature": "openai-reasoning:ENC2"}]},
        {"role": "user", "content": "Q2"}]}
      """);
    assertEquals(new JsonArray("""
      [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Q"}]},
       {"type": "reasoning", "summary": [{"type": "summary_text", "text": "I think"}], "encrypted_content": "ENC1"},
       {"type": "reasoning", "summary": [], "encrypted_content": "ENC2"},
       {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "A"}]},
       {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Q2"}]}]"""),
      body.getJsonArray("input"));
  }

  @Test
  void or6_toolMessagesBecomeFunctionCallOutputs() {
    JsonArray input = body("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Q"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
          "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "42"}]}""").getJsonArray("input");
    assertEquals(new JsonObject("{\"type\": \"function_call_output\", \"call_id\": \"c1\", \"output\": \"42\"}"),
      input.getJsonObject(2));
    assertEquals(3, input.size());
  }

  @Test
  void or7_unansweredCallsUnknownCallIdsAndLegacyFunctionsAreRejected() {
    assertRejected("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Q"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f"}}]},
        {"role": "user", "content": "and?"}]}""", "messages[1].tool_calls[0].id");
    assertRejected("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Q"},
        {"role": "tool", "tool_call_id": "nope", "content": "x"}]}""", "messages[1].tool_call_id");
    assertRejected("{\"model\": \"gpt-5.4\", \"functions\": [{\"name\": \"f\"}], " + HELLO + "}", "functions");
    assertRejected("{\"model\": \"gpt-5.4\", \"messages\": [{\"role\": \"function\", \"name\": \"f\","
      + " \"content\": \"x\"}]}", "messages[0].role");
  }

  @Test
  void or8_toolsAreFlattenedWithStrictKeptAndADefaultSchema() {
    JsonObject body = body("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Hi"}], "tools": [
        {"type": "function", "function": {"name": "get_weather", "description": "Weather",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
          "strict": true}},
        {"type": "function", "function": {"name": "now"}}]}""");
    assertEquals(new JsonArray("""
      [{"type": "function", "name": "get_weather", "description": "Weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        "strict": true},
       {"type": "function", "name": "now", "parameters": {"type": "object", "properties": {}}}]"""),
      body.getJsonArray("tools"));
  }

  @Test
  void or8_badToolNamesOtherToolTypesAndDuplicatesAreRejectedEmptyToolsLeftOut() {
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [{\"type\": \"function\", \"function\":"
      + " {\"name\": \"a.b\"}}]}", "tools[0].function.name");
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [{\"type\": \"web_search\"}]}",
      "tools[0].type");
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [{\"type\": \"function\", \"function\":"
      + " {\"name\": \"a\"}}, {\"type\": \"function\", \"function\": {\"name\": \"a\"}}]}", "tools[1].function.name");
    JsonObject body = body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [], \"tool_choice\": \"auto\","
      + " \"parallel_tool_calls\": false}");
    assertFalse(body.containsKey("tools") || body.containsKey("tool_choice"));
    assertFalse(body.containsKey("parallel_tool_calls"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "\"auto\"|\"auto\"",
    "\"none\"|\"none\"",
    "\"required\"|\"required\"",
    "{\"type\": \"function\", \"function\": {\"name\": \"f\"}}|{\"type\":\"function\",\"name\":\"f\"}"})
  void or9_toolChoiceMapsToTheFlatForm(String chat, String expected) {
    JsonObject body = body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [{\"type\": \"function\","
      + " \"function\": {\"name\": \"f\"}}], \"tool_choice\": " + chat + "}");
    assertEquals(io.vertx.core.json.Json.decodeValue(expected), body.getValue("tool_choice"));
  }

  @Test
  void or9_forcedChoicesNeedDeclaredTools() {
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tool_choice\": \"required\"}", "tool_choice");
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [{\"type\": \"function\", \"function\":"
      + " {\"name\": \"f\"}}], \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"g\"}}}",
      "tool_choice.function.name");
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tool_choice\": \"sometimes\"}", "tool_choice");
  }

  @Test
  void or10_parallelToolCallsPassWithTools() {
    JsonObject body = body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"tools\": [{\"type\": \"function\","
      + " \"function\": {\"name\": \"f\"}}], \"parallel_tool_calls\": false}");
    assertEquals(false, body.getValue("parallel_tool_calls"));
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"parallel_tool_calls\": \"no\"}", "parallel_tool_calls");
  }

  @Test
  void or11_responseFormatBecomesTextFormat() {
    JsonObject schema = body("""
      {"model": "gpt-5.4", "messages": [{"role": "user", "content": "Hi"}], "response_format": {"type": "json_schema",
        "json_schema": {"name": "answer", "strict": true, "schema": {"type": "object", "properties": {}}}}}""");
    assertEquals(new JsonObject("""
      {"format": {"type": "json_schema", "name": "answer", "schema": {"type": "object", "properties": {}},
        "strict": true}}"""), schema.getJsonObject("text"));
    assertEquals(new JsonObject("{\"format\": {\"type\": \"json_object\"}}"), body("{\"model\": \"gpt-5.4\", "
      + HELLO + ", \"response_format\": {\"type\": \"json_object\"}}").getJsonObject("text"));
    assertNull(body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"response_format\": {\"type\": \"text\"}}")
      .getValue("text"));
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"response_format\": {\"type\": \"json_schema\","
      + " \"json_schema\": {\"schema\": {}}}}", "response_format.json_schema.name");
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"response_format\": {\"type\": \"yaml\"}}",
      "response_format.type");
  }

  @Test
  void or12_reasoningEffortBecomesReasoningWithSummaries() {
    assertEquals(new JsonObject("{\"effort\": \"high\", \"summary\": \"auto\"}"),
      body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"reasoning_effort\": \"high\"}").getJsonObject("reasoning"));
    assertEquals(new JsonObject("{\"effort\": \"none\"}"),
      body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"reasoning_effort\": \"none\"}").getJsonObject("reasoning"));
    assertNull(body("{\"model\": \"gpt-5.4\", " + HELLO + "}").getValue("reasoning"));
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"reasoning_effort\": \"max\"}", "reasoning_effort");
  }

  @ParameterizedTest
  @CsvSource({"'\"max_tokens\": 500', 500", "'\"max_completion_tokens\": 300, \"max_tokens\": 500', 300",
    "'\"max_tokens\": 4', 16"})
  void or13_maxTokensBecomeMaxOutputTokens(String fields, int expected) {
    TranslatedRequest t = translate("{\"model\": \"gpt-5.4\", " + HELLO + ", " + fields + "}");
    assertEquals(expected, t.body().getInteger("max_output_tokens"));
    assertEquals(expected == 16 ? 1 : 0, t.warnings().size());
  }

  @Test
  void or13_absentLimitLeavesTheModelDefaultAndZeroIsRejected() {
    assertNull(body("{\"model\": \"gpt-5.4\", " + HELLO + "}").getValue("max_output_tokens"));
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"max_tokens\": 0}", "max_tokens");
  }

  @Test
  void or14_samplingPassesWhereTheModelTakesItAndIsDroppedWithAWarningElsewhere() {
    String sampled = "{\"model\": \"grok-4\", " + HELLO + ", \"temperature\": 1.5, \"top_p\": 0.9}";
    JsonObject grok = translate(sampled, Fixtures.GROK).body();
    assertEquals(1.5, grok.getDouble("temperature"));
    assertEquals(0.9, grok.getDouble("top_p"));
    TranslatedRequest codex = translate(sampled, Fixtures.CODEX);
    assertFalse(codex.body().containsKey("temperature") || codex.body().containsKey("top_p"));
    assertEquals(1, codex.warnings().size());
    TranslatedRequest reasoning = translate("{\"model\": \"gpt-5.4\", " + HELLO + ", \"temperature\": 0.2,"
      + " \"reasoning_effort\": \"low\"}");
    assertFalse(reasoning.body().containsKey("temperature"));
    assertEquals(List.of("temperature and top_p were dropped: gpt-5.4 does not take them while reasoning"),
      reasoning.warnings());
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"temperature\": 2.5}", "temperature");
  }

  @Test
  void or15_moreThanOneChoiceIsRejected() {
    assertRejected("{\"model\": \"gpt-5.4\", " + HELLO + ", \"n\": 2}", "n");
    assertFalse(body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"n\": 1}").containsKey("n"));
  }

  @Test
  void or16_unmappedFieldsAreDroppedWithWarningsIdentifiersKept() {
    TranslatedRequest t = translate("{\"model\": \"gpt-5.4\", " + HELLO + ", \"stop\": [\"x\"], \"seed\": 1,"
      + " \"metadata\": {\"a\": \"b\"}, \"user\": \"ana@example.com\", \"prompt_cache_key\": \"k1\","
      + " \"frobnicate\": true}");
    assertEquals(List.of("stop is not supported by the Responses API and was dropped",
      "seed is not supported by the Responses API and was dropped"), t.warnings());
    assertEquals(dev.factoryproxy.translate.Identifiers.sha256Hex("ana@example.com"),
      t.body().getString("safety_identifier"));
    assertEquals("k1", t.body().getString("prompt_cache_key"));
    for (String dropped : List.of("stop", "seed", "metadata", "user", "frobnicate")) {
      assertFalse(t.body().containsKey(dropped), dropped);
    }
    assertEquals("team-7", body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"safety_identifier\": \"team-7\","
      + " \"user\": \"other\"}").getString("safety_identifier"));
  }

  @Test
  void or17_storeFalseAndEncryptedReasoningAlways() {
    JsonObject body = body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"store\": true}");
    assertEquals(false, body.getValue("store"));
    assertEquals(new JsonArray().add("reasoning.encrypted_content"), body.getJsonArray("include"));
  }

  @Test
  void or18_streamOnlyWhenAskedAndIncludeUsageKeptForTheAnswer() {
    TranslatedRequest t = translate("{\"model\": \"gpt-5.4\", " + HELLO + ", \"stream\": true,"
      + " \"stream_options\": {\"include_usage\": true}}");
    assertEquals(true, t.body().getValue("stream"));
    assertFalse(t.body().containsKey("stream_options"));
    assertTrue(t.context().stream() && t.context().includeUsage());
    assertFalse(body("{\"model\": \"gpt-5.4\", " + HELLO + ", \"stream\": false}").containsKey("stream"));
  }

  @Test
  void or19_identityHeadersNameTheModelsProvider() {
    Map<String, String> headers = Fixtures.ROUTE.identityHeaders(Fixtures.CODEX);
    assertEquals("azure_openai", headers.get("x-api-provider"));
    assertEquals("cli", headers.get("x-factory-client"));
    assertEquals("js", headers.get("x-stainless-lang"));
    assertEquals("xai", Fixtures.ROUTE.identityHeaders(Fixtures.GROK).get("x-api-provider"));
    assertFalse(headers.containsKey("anthropic-version") || headers.containsKey("authorization"));
    assertTrue(translate("{\"model\": \"gpt-5.4\", " + HELLO + "}").upstreamHeaders().isEmpty());
  }
}
