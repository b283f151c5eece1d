package dev.factoryproxy.client.messages;

import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessagesStreamTest {
  private static final String START = "message_start {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"glm-5\",\"content\":[],\"stop_reason\":null,"
    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
    + "\"cache_read_input_tokens\":0,\"output_tokens\":0}}}";

  private final ClientStream stream = new MessagesClient(Fixtures.settings())
    .fromChatStream(new JsonObject().put("client", "messages").put("model", "glm-5"));

  private static JsonObject chunk(String delta, String finish) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", new JsonObject(delta))
      .put("finish_reason", finish);
    return new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("model", "glm-5")
      .put("choices", new JsonArray().add(choice));
  }

  private static JsonObject usageChunk(String usage) {
    return new JsonObject().put("id", "chatcmpl-1").put("choices", new JsonArray()).put("usage", new JsonObject(usage));
  }

  /** The SSE text as "event data" lines, after checking every frame is {@code event: X\ndata: {...}\n\n}. */
  private static List<String> events(String sse) {
    List<String> out = new ArrayList<>();
    for (String frame : sse.split("\n\n")) {
      if (frame.isEmpty()) {
        continue;
      }
      String[] lines = frame.split("\n");
      assertEquals(2, lines.length, frame);
      String event = lines[0].substring("event: ".length());
      JsonObject data = new JsonObject(lines[1].substring("data: ".length()));
      assertEquals(event, data.getString("type"), "event name and data type agree");
      out.add(event + " " + data.encode());
    }
    return out;
  }

  private List<String> run(JsonObject... chunks) {
    StringBuilder sse = new StringBuilder();
    for (JsonObject chunk : chunks) {
      sse.append(stream.onChunk(chunk));
    }
    sse.append(stream.onDone());
    return events(sse.toString());
  }

  private static String blockStart(int index, String block) {
    return "content_block_start {\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":"
      + block + "}";
  }

  private static String blockDelta(int index, String delta) {
    return "content_block_delta {\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}";
  }

  private static String blockStop(int index) {
    return "content_block_stop {\"type\":\"content_block_stop\",\"index\":" + index + "}";
  }

  private static String toolDelta(String call) {
    return "{\"tool_calls\":[" + call + "]}";
  }

  @Test
  void mt1_textStreamInAnthropicsOrder() {
    List<String> events = run(
      chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
      chunk("{\"content\":\"PO\"}", null),
      chunk("{\"content\":\"NG\"}", null),
      chunk("{}", "stop"),
      usageChunk("{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}"));
    assertEquals(List.of(START,
      blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
      blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"PO\"}"),
      blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"NG\"}"),
      blockStop(0),
      "message_delta {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
        + "\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":2}}",
      "message_stop {\"type\":\"message_stop\"}"), events);
  }

  @Test
  void mt2_messageStartComesFirstEvenWhenTheFirstChunkIsAToolCall() { // CLIProxyAPI #561
    List<String> events = run(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
      + "\"function\":{\"name\":\"Bash\",\"arguments\":\"\"}}]}", null), chunk("{}", "tool_calls"));
    assertEquals(START, events.get(0));
    assertEquals("content_block_start {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"Bash\",\"input\":{}}}", events.get(1));
    assertEquals(blockStop(0), events.get(2));
    assertEquals("tool_use", new JsonObject(events.get(3).substring("message_delta ".length()))
      .getJsonObject("delta").getString("stop_reason"));
  }

  @Test
  void mt3_thinkingThenTextGetIndexesZeroAndOneWithTheSignature() {
    List<String> events = run(
      chunk("{\"reasoning_content\":\"hmm\"}", null),
      chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"sig\"}]}", null),
      chunk("{\"content\":\"4\"}", "stop"));
    assertEquals(List.of(START,
      "content_block_start {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}",
      "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}",
      "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"signature_delta\",\"signature\":\"sig\"}}",
      blockStop(0),
      blockStart(1, "{\"type\":\"text\",\"text\":\"\"}"),
      blockDelta(1, "{\"type\":\"text_delta\",\"text\":\"4\"}"),
      blockStop(1)), events.subList(0, 8));
  }

  @Test
  void mt4_redactedThinkingIsABlockOfItsOwn() {
    List<String> events = run(chunk("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"xyz\"}]}", null));
    assertEquals("content_block_start {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"redacted_thinking\",\"data\":\"xyz\"}}", events.get(1));
    assertEquals(blockStop(0), events.get(2));
  }

  @Test
  void mt5_textThenTwoToolsWithInputJsonDeltasAndNoDuplicateBlocks() { // Bifrost #3443, CLIProxyAPI PR #1579
    List<String> events = run(
      chunk("{\"content\":\"On it.\"}", null),
      chunk(toolDelta("{\"index\":0,\"id\":\"a\",\"type\":\"function\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}"), null),
      chunk(toolDelta("{\"index\":0,\"id\":\"a\",\"type\":\"function\","
        + "\"function\":{\"arguments\":\"{\\\"x\\\":\"}}"), null),
      chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}", null),
      chunk(toolDelta("{\"index\":1,\"id\":\"b\",\"type\":\"function\","
        + "\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}"), null),
      chunk("{}", "tool_calls"));
    assertEquals(List.of(START,
      blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
      blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"On it.\"}"),
      blockStop(0),
      "content_block_start {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":{}}}",
      "content_block_delta {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\":\"}}",
      "content_block_delta {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
        + "{\"type\":\"input_json_delta\",\"partial_json\":\"1}\"}}",
      blockStop(1),
      "content_block_start {\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":\"b\",\"name\":\"g\",\"input\":{}}}",
      "content_block_delta {\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}",
      blockStop(2)), events.subList(0, 11));
  }

  @Test
  void mt6_aCutOffAnswerEndsWithMaxTokens() { // LiteLLM #19028: never "end_turn" for a truncated tool call
    List<String> events = run(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"type\":\"function\","
      + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"pa\"}}]}", null), chunk("{}", "length"));
    String messageDelta = events.get(events.size() - 2);
    assertEquals("max_tokens", new JsonObject(messageDelta.substring("message_delta ".length()))
      .getJsonObject("delta").getString("stop_reason"));
  }

  @Test
  void mt7_anEmptyStreamStillHasTheWholeFrame() {
    List<String> events = run();
    assertEquals(List.of(START.replace("msg_1", "msg_proxy"),
      "message_delta {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
        + "\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":0}}",
      "message_stop {\"type\":\"message_stop\"}"), events);
  }

  @Test
  void mt8_aMidStreamErrorEndsWithAnErrorEventAndNothingAfter() {
    String sse = stream.onChunk(chunk("{\"content\":\"par\"}", null))
      + stream.onError(OpenAiErrors.body("Overloaded", "overloaded_error", null, "overloaded"));
    List<String> events = events(sse);
    assertEquals("error {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
      events.get(events.size() - 1));
    assertEquals(4, events.size()); // message_start, block start, delta, error: no block stop, no message_stop
    assertEquals("", stream.onDone());
    assertEquals("", stream.onChunk(chunk("{\"content\":\"late\"}", null)));
  }
}
