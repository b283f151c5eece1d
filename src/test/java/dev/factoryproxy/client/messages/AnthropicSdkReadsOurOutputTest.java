package dev.factoryproxy.client.messages;

import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK (3.16.0, the one the end-to-end tests drive) as the judge of our shapes: it
 * parses every event of a translated stream, accumulates the message as its users' code does, and parses a
 * translated answer, so a field it requires or a block order it cannot follow fails here.
 */
class AnthropicSdkReadsOurOutputTest {
  private static final JsonMapper SDK_JSON = ObjectMappers.jsonMapper();
  private final MessagesClient client = new MessagesClient(Fixtures.settings());
  private final JsonObject context = new JsonObject().put("client", "messages").put("model", "gpt-5.4");

  private static JsonObject chunk(String delta, String finish) {
    return new JsonObject().put("id", "chatcmpl-7").put("model", "gpt-5.4").put("choices", new JsonArray()
      .add(new JsonObject().put("index", 0).put("delta", new JsonObject(delta)).put("finish_reason", finish)));
  }

  @Test
  void mt9_theSdkAccumulatesOurStreamIntoTheRightMessage() throws JsonProcessingException {
    ClientStream stream = client.fromChatStream(context);
    String sse = stream.onChunk(chunk("{\"role\":\"assistant\",\"reasoning_content\":\"Plan: call the tool.\"}", null))
      + stream.onChunk(chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"s9\"}]}",
        null))
      + stream.onChunk(chunk("{\"content\":\"Listing files.\"}", null))
      + stream.onChunk(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\","
        + "\"function\":{\"name\":\"Bash\",\"arguments\":\"\"}}]}", null))
      + stream.onChunk(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"command\\\":\"}}]}",
        null))
      + stream.onChunk(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"ls\\\"}\"}}]}", null))
      + stream.onChunk(chunk("{}", "tool_calls"))
      + stream.onChunk(new JsonObject().put("id", "chatcmpl-7").put("choices", new JsonArray()).put("usage",
        new JsonObject().put("prompt_tokens", 40).put("completion_tokens", 12)
          .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 30))))
      + stream.onDone();
    MessageAccumulator accumulator = MessageAccumulator.create();
    for (String frame : sse.split("\n\n")) {
      String data = frame.substring(frame.indexOf("\ndata: ") + "\ndata: ".length());
      accumulator.accumulate(SDK_JSON.readValue(data, RawMessageStreamEvent.class));
    }
    Message message = accumulator.message();
    assertEquals("msg_7", message.id());
    List<ContentBlock> content = message.content();
    assertEquals(3, content.size());
    assertEquals("Plan: call the tool.", content.get(0).asThinking().thinking());
    assertEquals("s9", content.get(0).asThinking().signature());
    assertEquals("Listing files.", content.get(1).asText().text());
    assertEquals("call_9", content.get(2).asToolUse().id());
    assertEquals("Bash", content.get(2).asToolUse().name());
    assertEquals(Map.of("command", "ls"), content.get(2).asToolUse()._input().convert(Map.class));
    assertEquals("tool_use", message.stopReason().orElseThrow().asString());
    assertEquals(10, message.usage().inputTokens());
    assertEquals(30, message.usage().cacheReadInputTokens().orElseThrow());
    assertEquals(12, message.usage().outputTokens());
  }

  @Test
  void ms6_theSdkParsesAndValidatesOurAnswer() throws JsonProcessingException {
    JsonObject answer = client.fromChat(new JsonObject("""
      {"id":"chatcmpl-8","object":"chat.completion","model":"glm-5","choices":[{"index":0,"finish_reason":"stop",
        "message":{"role":"assistant","content":"PONG","reasoning_content":"easy"}}],
       "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}"""), context);
    Message message = SDK_JSON.readValue(answer.encode(), Message.class).validate();
    assertTrue(message.content().get(0).isThinking());
    assertEquals("PONG", message.content().get(1).asText().text());
    assertEquals("end_turn", message.stopReason().orElseThrow().asString());
  }
}
