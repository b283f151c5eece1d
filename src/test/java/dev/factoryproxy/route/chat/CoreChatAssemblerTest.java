package dev.factoryproxy.route.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CoreChatAssemblerTest {
  private static JsonObject chunk(JsonObject delta, String finish) {
    return new JsonObject().put("id", "chatcmpl-1").put("model", "glm-5").put("choices", new JsonArray()
      .add(new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finish)));
  }

  private static JsonObject call(int index, String id, String name, String args) {
    JsonObject function = new JsonObject().put("arguments", args);
    if (name != null) {
      function.put("name", name);
    }
    JsonObject part = new JsonObject().put("index", index).put("function", function);
    if (id != null) {
      part.put("id", id).put("type", "function");
    }
    return new JsonObject().put("tool_calls", new JsonArray().add(part));
  }

  @Test
  void ct9_chunksBecomeTheCompletionANonStreamedCallReturns() {
    JsonObject usage = new JsonObject().put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
    JsonObject answer = CoreChatAssembler.assemble(List.of(
      chunk(new JsonObject().put("role", "assistant").put("reasoning_content", "Let me "), null),
      chunk(new JsonObject().put("reasoning", "think."), null),
      chunk(new JsonObject().put("content", "Hel"), null),
      chunk(new JsonObject().put("content", "lo"), null),
      chunk(new JsonObject(), "stop"),
      new JsonObject().put("id", "chatcmpl-1").put("choices", new JsonArray()).put("usage", usage)));

    JsonObject expected = new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion")
      .put("model", "glm-5").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("message", new JsonObject().put("role", "assistant").put("content", "Hello")
          .put("reasoning_content", "Let me think."))
        .put("finish_reason", "stop")))
      .put("usage", usage);
    assertEquals(expected, answer);
  }

  @Test
  void ct9_parallelToolCallsAreMergedByIndex() {
    JsonObject answer = CoreChatAssembler.assemble(List.of(
      chunk(call(0, "call_a", "get_weather", ""), null),
      chunk(call(1, "call_b", "get_time", "{\"tz\":"), null),
      chunk(call(0, null, null, "{\"city\":\"Paris\"}"), null),
      chunk(call(1, null, null, "\"UTC\"}"), null),
      chunk(new JsonObject(), "tool_calls")));

    JsonObject message = answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertNull(message.getValue("content"));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_weather")
          .put("arguments", "{\"city\":\"Paris\"}")).put("id", "call_a"))
        .add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_time")
          .put("arguments", "{\"tz\":\"UTC\"}")).put("id", "call_b")),
      message.getJsonArray("tool_calls"));
  }

  @Test
  void ct9_anErrorChunkIsTheAnswerAndAnUnfinishedStreamIsNone() {
    JsonObject error = new JsonObject().put("error", new JsonObject().put("message", "overloaded")
      .put("type", "overloaded_error"));
    assertEquals(error, CoreChatAssembler.assemble(List.of(chunk(new JsonObject().put("content", "Hi"), null),
      error)));
    assertEquals(529, new CoreChatRoute("You are Droid").answerErrorStatus(error));
    assertNull(CoreChatAssembler.assemble(List.of(chunk(new JsonObject().put("content", "Hi"), null))));
  }
}
