package dev.factoryproxy.translate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.factoryproxy.translate.Translations.rejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every malformed or unsupported request is refused before anything is sent, naming the bad field (E1). */
class RequestValidationTest {

  private static final String USER = "{\"role\":\"user\",\"content\":\"Hi\"}";
  private static final String CALL = """
    {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"%s"}}]}""";
  private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}";
  private static final String DEEP_SCHEMA =
    "{\"type\":\"object\",\"properties\":{\"a\":".repeat(70) + "{}" + "}}".repeat(70);

  /** A valid one-message request plus {@code fields}. */
  private static String hello(String fields) {
    return "{\"model\":\"claude-haiku-4-5-20251001\",\"messages\":[" + USER + "]," + fields + "}";
  }

  /** A request with these {@code messages}. */
  private static String conversation(String messages) {
    return "{\"model\":\"claude-haiku-4-5-20251001\",\"messages\":[" + messages + "]}";
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
      arguments("model missing", "{\"messages\":[" + USER + "]}", "model"),
      arguments("model empty", "{\"model\":\"\",\"messages\":[" + USER + "]}", "model"),
      arguments("model not a string", "{\"model\":5,\"messages\":[" + USER + "]}", "model"),
      arguments("messages missing", "{\"model\":\"m\"}", "messages"),
      arguments("messages empty", "{\"model\":\"m\",\"messages\":[]}", "messages"),
      arguments("messages not an array", "{\"model\":\"m\",\"messages\":\"Hi\"}", "messages"),
      arguments("message not an object", conversation("5"), "messages[0]"),
      arguments("R1 unknown role", conversation("{\"role\":\"bot\",\"content\":\"Hi\"}"), "messages[0].role"),
      arguments("R1 role missing", conversation("{\"content\":\"Hi\"}"), "messages[0].role"),
      arguments("R2 system image part", conversation("""
        {"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x.test/a.png"}}]},""" + USER),
        "messages[0].content[0]"),
      arguments("R4 only blank system text", conversation("{\"role\":\"system\",\"content\":\" \"}"), "messages"),
      arguments("R5 user content null", conversation("{\"role\":\"user\",\"content\":null}"), "messages[0].content"),
      arguments("R5 user content a number", conversation("{\"role\":\"user\",\"content\":5}"), "messages[0].content"),
      arguments("R5 user content blank", conversation(USER + ",{\"role\":\"user\",\"content\":\"  \"}"),
        "messages[1].content"),
      arguments("R5 part not an object", conversation("{\"role\":\"user\",\"content\":[\"Hi\"]}"),
        "messages[0].content[0]"),
      arguments("R5 part type missing", conversation("{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}"),
        "messages[0].content[0].type"),
      arguments("R5 text part without text", conversation("{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}"),
        "messages[0].content[0].text"),
      arguments("R6 unsupported image media type", conversation("""
        {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0"}}]}"""),
        "messages[0].content[0].image_url.url"),
      arguments("R6 data URL not base64", conversation("""
        {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,raw"}}]}"""),
        "messages[0].content[0].image_url.url"),
      arguments("R7 non-http image URL", conversation("""
        {"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x.test/a.png"}}]}"""),
        "messages[0].content[0].image_url.url"),
      arguments("R8 input_audio", conversation("""
        {"role":"user","content":[{"type":"text","text":"Hi"},
          {"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]}"""), "messages[0].content[1]"),
      arguments("R8 file_id", conversation("""
        {"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}"""), "messages[0].content[0]"),
      arguments("R8 file data of unsupported type", conversation("""
        {"role":"user","content":[{"type":"file","file":{"file_data":"data:text/csv;base64,YQ=="}}]}"""),
        "messages[0].content[0].file.file_data"),
      arguments("R9 conversation opens with the assistant", conversation(
        "{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"assistant\",\"content\":\"Hello!\"}," + USER), "messages[1]"),
      arguments("R11 assistant content null without calls",
        conversation(USER + ",{\"role\":\"assistant\",\"content\":null}"), "messages[1].content"),
      arguments("R11 arguments not JSON", conversation(USER + "," + CALL.formatted("{oops") + ",{\"role\":\"tool\","
        + "\"tool_call_id\":\"c1\",\"content\":\"x\"}"), "messages[1].tool_calls[0].function.arguments"),
      arguments("R11 arguments a JSON array", conversation(USER + "," + CALL.formatted("[1]")),
        "messages[1].tool_calls[0].function.arguments"),
      arguments("R11 tool call without id", conversation(USER + """
        ,{"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}"""),
        "messages[1].tool_calls[0].id"),
      arguments("R11 duplicate call ids", conversation(USER + """
        ,{"role":"assistant","content":null,"tool_calls":[
          {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},
          {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}"""), "messages[1].tool_calls[1]"),
      arguments("R13 call unanswered before the next assistant message", conversation(USER + "," + CALL.formatted("{}")
        + ",{\"role\":\"assistant\",\"content\":\"done\"}"), "messages[1].tool_calls[0]"),
      arguments("R13 call unanswered at the end", conversation(USER + "," + CALL.formatted("{}")),
        "messages[1].tool_calls[0]"),
      arguments("R13 result without a call", conversation(USER + "," + CALL.formatted("{}")
        + ",{\"role\":\"tool\",\"tool_call_id\":\"c9\",\"content\":\"x\"}"), "messages[2].tool_call_id"),
      arguments("R13 tool content null", conversation(USER + "," + CALL.formatted("{}")
        + ",{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":null}"), "messages[2].content"),
      arguments("R14 function result without function_call", conversation(USER
        + ",{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}"), "messages[1]"),
      arguments("R15 unknown thinking block type", conversation(USER + """
        ,{"role":"assistant","content":"ok","thinking_blocks":[{"type":"reasoning","text":"x"}]}"""),
        "messages[1].thinking_blocks[0].type"),
      arguments("R16 tools not an array", hello("\"tools\":{}"), "tools"),
      arguments("R16 non-function tool", hello("\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"f\"}}]"),
        "tools[0].type"),
      arguments("R16 tool without name", hello("\"tools\":[{\"type\":\"function\",\"function\":{}}]"),
        "tools[0].function.name"),
      arguments("R16 duplicate tool names", hello("\"tools\":[" + TOOL + "," + TOOL + "]"), "tools[1].function.name"),
      arguments("R16 parameters not an object",
        hello("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]"),
        "tools[0].function.parameters"),
      arguments("R16 schema nested too deeply",
        hello("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + DEEP_SCHEMA + "}}]"),
        "tools[0].function.parameters"),
      arguments("R14 tools and functions together",
        hello("\"tools\":[" + TOOL + "],\"functions\":[{\"name\":\"g\"}]"), "functions"),
      arguments("R17 unknown tool_choice", hello("\"tools\":[" + TOOL + "],\"tool_choice\":\"sometimes\""),
        "tool_choice"),
      arguments("R17 required without tools", hello("\"tool_choice\":\"required\""), "tool_choice"),
      arguments("R17 named tool not declared", hello("\"tools\":[" + TOOL
        + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}"), "tool_choice.function.name"),
      arguments("R14 function_call with tool_choice", hello("\"tools\":[" + TOOL
        + "],\"tool_choice\":\"auto\",\"function_call\":\"auto\""), "function_call"),
      arguments("R18 parallel_tool_calls not boolean", hello("\"parallel_tool_calls\":\"no\""), "parallel_tool_calls"),
      arguments("R19 max_tokens zero", hello("\"max_tokens\":0"), "max_tokens"),
      arguments("R19 max_tokens fractional", hello("\"max_tokens\":1.5"), "max_tokens"),
      arguments("R19 max_completion_tokens negative", hello("\"max_completion_tokens\":-5"), "max_completion_tokens"),
      arguments("R21 temperature negative", hello("\"temperature\":-0.1"), "temperature"),
      arguments("R21 temperature above OpenAI's range", hello("\"temperature\":2.5"), "temperature"),
      arguments("R21 temperature not a number", hello("\"temperature\":\"hot\""), "temperature"),
      arguments("R22 top_p above 1", hello("\"top_p\":1.5"), "top_p"),
      arguments("R23 stop a number", hello("\"stop\":5"), "stop"),
      arguments("R23 stop entry a number", hello("\"stop\":[\"a\",1]"), "stop[1]"),
      arguments("R24 user not a string", hello("\"user\":5"), "user"),
      arguments("R25 n above 1", hello("\"n\":2"), "n"),
      arguments("R25 n zero", hello("\"n\":0"), "n"),
      arguments("R26 stream not boolean", hello("\"stream\":\"yes\""), "stream"),
      arguments("R26 stream_options not an object", hello("\"stream_options\":1"), "stream_options"),
      arguments("R26 include_usage not boolean", hello("\"stream_options\":{\"include_usage\":\"yes\"}"),
        "stream_options.include_usage"),
      arguments("R27 unknown response format", hello("\"response_format\":{\"type\":\"xml\"}"), "response_format.type"),
      arguments("R27 json_schema missing", hello("\"response_format\":{\"type\":\"json_schema\"}"),
        "response_format.json_schema"),
      arguments("R28 unknown effort", hello("\"reasoning_effort\":\"extreme\""), "reasoning_effort"),
      arguments("R28 forced tool while thinking", hello("\"reasoning_effort\":\"low\",\"tools\":[" + TOOL
        + "],\"tool_choice\":\"required\""), "tool_choice"),
      arguments("R28 budget below 1024", hello("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":500}"),
        "thinking.budget_tokens"),
      arguments("R28 budget not below max_tokens",
        hello("\"max_tokens\":2000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"),
        "thinking.budget_tokens"),
      arguments("R28 unknown thinking type", hello("\"thinking\":{\"type\":\"on\"}"), "thinking.type"),
      arguments("R29 top_k zero", hello("\"top_k\":0"), "top_k"),
      arguments("R29 output_config not an object", hello("\"output_config\":\"x\""), "output_config"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void invalidRequestIsRefusedNamingTheField(String description, String request, String param) {
    assertEquals(param, rejection(request).param());
  }

  @Test
  void messagesSayWhatIsWrongInPlainWords() {
    assertEquals("messages[2].role must be one of system, developer, user, assistant, tool, function",
      rejection(conversation(USER + ",{\"role\":\"assistant\",\"content\":\"A\"},"
        + "{\"role\":\"robot\",\"content\":\"x\"}")).getMessage());
    assertEquals("messages[1].tool_calls[0].function.arguments must be a JSON object encoded as a string",
      rejection(conversation(USER + "," + CALL.formatted("nope"))).getMessage());
    assertEquals("n must be 1: this endpoint returns a single choice per request",
      rejection(hello("\"n\":3")).getMessage());
    assertEquals("the first non-system message must be a user message, but messages[0] is from the assistant",
      rejection(conversation("{\"role\":\"assistant\",\"content\":\"Hello!\"}," + USER)).getMessage());
  }
}
