package dev.factoryproxy.client.responses;

import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponsesStreamTest {
  private final ResponsesClient client = new ResponsesClient();

  private ClientStream stream(JsonObject request) {
    return client.fromChatStream(client.toChat(request.put("stream", true)).clientContext());
  }

  private ClientStream stream() {
    return stream(CodexFixture.firstRequest().put("model", "claude-sonnet-4-6"));
  }

  private static JsonObject chunk(JsonObject delta, String finish) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta);
    if (finish != null) {
      choice.put("finish_reason", finish);
    }
    return new JsonObject().put("id", "chatcmpl-s1").put("object", "chat.completion.chunk").put("created", 1700000000L)
      .put("choices", new JsonArray().add(choice));
  }

  private static JsonObject usageChunk() {
    return new JsonObject().put("id", "chatcmpl-s1").put("choices", new JsonArray()).put("usage", new JsonObject()
      .put("prompt_tokens", 30).put("completion_tokens", 7).put("total_tokens", 37)
      .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 10)));
  }

  private static JsonObject toolDelta(int index, String id, String name, String args) {
    JsonObject fn = new JsonObject().put("arguments", args);
    JsonObject call = new JsonObject().put("index", index);
    if (id != null) {
      call.put("id", id).put("type", "function");
      fn.put("name", name);
    }
    return new JsonObject().put("tool_calls", new JsonArray().add(call.put("function", fn)));
  }

  /** Parses SSE text into events, checking that every frame's event name equals its data's type. */
  static List<JsonObject> events(String sse) {
    List<JsonObject> events = new ArrayList<>();
    for (String frame : sse.split("\n\n")) {
      if (frame.isEmpty()) {
        continue;
      }
      String[] lines = frame.split("\n");
      assertEquals(2, lines.length, frame);
      JsonObject data = new JsonObject(lines[1].substring("data: ".length()));
      assertEquals("event: " + data.getString("type"), lines[0]);
      events.add(data);
    }
    return events;
  }

  static List<String> types(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("type")).toList();
  }

  static void assertSequenceRises(List<JsonObject> events) {
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).getLong("sequence_number"), "sequence_number of event " + i);
    }
  }

  @Test
  void xt1_xt2_xt3_xt6_xt10_textStreamInTheExactOrder() {
    ClientStream s = stream();
    String sse = s.onChunk(chunk(new JsonObject().put("role", "assistant").put("content", ""), null))
      + s.onChunk(chunk(new JsonObject().put("content", "PO"), null))
      + s.onChunk(chunk(new JsonObject().put("content", "NG"), null))
      + s.onChunk(chunk(new JsonObject(), "stop"))
      + s.onChunk(usageChunk())
      + s.onDone();
    List<JsonObject> events = events(sse);
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
      "response.output_text.done", "response.content_part.done", "response.output_item.done",
      "response.completed"), types(events));
    assertSequenceRises(events);
    assertFalse(sse.contains("[DONE]"), "Codex expects no [DONE]");
    assertEquals("in_progress", events.get(0).getJsonObject("response").getString("status"));
    assertEquals("resp_s1", events.get(0).getJsonObject("response").getString("id"));
    assertEquals(new JsonObject().put("type", "response.output_item.added").put("output_index", 0)
      .put("item", new JsonObject().put("id", "msg_s1").put("type", "message").put("status", "in_progress")
        .put("role", "assistant").put("content", new JsonArray())).put("sequence_number", 2L), events.get(2));
    assertEquals(new JsonObject().put("type", "response.output_text.delta").put("item_id", "msg_s1")
      .put("output_index", 0).put("content_index", 0).put("delta", "PO").put("logprobs", new JsonArray())
      .put("sequence_number", 4L), events.get(4));
    assertEquals("PONG", events.get(6).getString("text"));
    JsonObject done = events.get(9).getJsonObject("response");
    assertEquals("completed", done.getString("status"));
    assertEquals(new JsonArray().add(ResponseObjects.messageItem("msg_s1", "PONG", "completed")),
      done.getJsonArray("output"));
    assertEquals(new JsonObject().put("input_tokens", 30L)
      .put("input_tokens_details", new JsonObject().put("cached_tokens", 10L)).put("output_tokens", 7L)
      .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0L)).put("total_tokens", 37L),
      done.getJsonObject("usage"));
    assertEquals("", s.onDone(), "nothing after the end");
    assertEquals(done, ((ResponsesStreamWriter) s).completedResponse());
  }

  @Test
  void xt4_reasoningSummaryEventsThenTextThenSignature() {
    ClientStream s = stream();
    String sse = s.onChunk(chunk(new JsonObject().put("reasoning_content", "Let me "), null))
      + s.onChunk(chunk(new JsonObject().put("reasoning_content", "think."), null))
      + s.onChunk(chunk(new JsonObject().put("thinking_blocks", new JsonArray().add(new JsonObject()
        .put("type", "thinking").put("thinking", "").put("signature", "SIG"))), null))
      + s.onChunk(chunk(new JsonObject().put("content", "Hi"), "stop"))
      + s.onDone();
    List<JsonObject> events = events(sse);
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done", "response.output_item.done", "response.output_item.added",
      "response.content_part.added", "response.output_text.delta", "response.output_text.done",
      "response.content_part.done", "response.output_item.done", "response.completed"), types(events));
    assertSequenceRises(events);
    assertEquals(new JsonObject().put("type", "response.reasoning_summary_text.delta").put("item_id", "rs_s1")
      .put("output_index", 0).put("summary_index", 0).put("delta", "Let me ").put("sequence_number", 4L),
      events.get(4));
    assertEquals(new JsonObject().put("id", "rs_s1").put("type", "reasoning").put("summary", new JsonArray()
      .add(new JsonObject().put("type", "summary_text").put("text", "Let me think.")))
      .put("encrypted_content", "fpx.thinking.SIG"), events.get(8).getJsonObject("item"));
    assertEquals(1, events.get(9).getInteger("output_index"));
    assertEquals("msg_s1_1", events.get(9).getJsonObject("item").getString("id"));
  }

  @Test
  void xt5_parallelToolCallsEachTheirOwnItemArgumentsAsSent() {
    ClientStream s = stream();
    String sse = s.onChunk(chunk(new JsonObject().put("content", "Running."), null))
      + s.onChunk(chunk(toolDelta(0, "toolu_a", "exec_command", ""), null))
      + s.onChunk(chunk(toolDelta(0, null, null, "{\"cmd\":"), null))
      + s.onChunk(chunk(toolDelta(1, "toolu_b", "multi_agent_v1__spawn_agent", "{}"), null))
      + s.onChunk(chunk(toolDelta(0, null, null, "\"ls\"}"), null))
      + s.onChunk(chunk(new JsonObject(), "tool_calls"))
      + s.onDone();
    List<JsonObject> events = events(sse);
    assertEquals(List.of("response.created", "response.in_progress",
      "response.output_item.added", "response.content_part.added", "response.output_text.delta",
      "response.output_text.done", "response.content_part.done", "response.output_item.done",
      "response.output_item.added", "response.function_call_arguments.delta",
      "response.output_item.added", "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done", "response.output_item.done",
      "response.function_call_arguments.done", "response.output_item.done",
      "response.completed"), types(events));
    assertSequenceRises(events);
    // no empty arguments delta for the opening chunk (Bifrost #3443);
    // each call on its own output_index (LiteLLM #21331)
    assertEquals(new JsonObject().put("id", "fc_toolu_a").put("type", "function_call").put("status", "in_progress")
      .put("name", "exec_command").put("call_id", "toolu_a").put("arguments", ""), events.get(8).getJsonObject("item"));
    assertEquals(1, events.get(8).getInteger("output_index"));
    assertEquals(2, events.get(10).getInteger("output_index"));
    assertEquals("spawn_agent", events.get(10).getJsonObject("item").getString("name"));
    assertEquals("multi_agent_v1", events.get(10).getJsonObject("item").getString("namespace"));
    assertEquals(new JsonObject().put("type", "response.function_call_arguments.done").put("item_id", "fc_toolu_a")
      .put("output_index", 1).put("arguments", "{\"cmd\":\"ls\"}").put("sequence_number", 13L), events.get(13));
    JsonArray output = events.get(17).getJsonObject("response").getJsonArray("output");
    assertEquals(3, output.size());
    assertEquals("{\"cmd\":\"ls\"}", output.getJsonObject(1).getString("arguments"));
    assertEquals("completed", output.getJsonObject(2).getString("status"));
  }

  @Test
  void xt7_lengthEndsWithResponseIncomplete() {
    ClientStream s = stream();
    String sse = s.onChunk(chunk(new JsonObject().put("content", "trunc"), "length")) + s.onDone();
    List<JsonObject> events = events(sse);
    JsonObject last = events.get(events.size() - 1);
    assertEquals("response.incomplete", last.getString("type"));
    assertEquals(new JsonObject().put("reason", "max_output_tokens"),
      last.getJsonObject("response").getJsonObject("incomplete_details"));
  }

  @Test
  void xt8_emptyStreamStillOpensAndCompletes() {
    List<JsonObject> events = events(stream().onDone());
    assertEquals(List.of("response.created", "response.in_progress", "response.completed"), types(events));
    assertSequenceRises(events);
  }

  @Test
  void xt9_errorMidStreamIsResponseFailedNeverCompleted() {
    ClientStream s = stream();
    String sse = s.onChunk(chunk(new JsonObject().put("content", "par"), null))
      + s.onError(new JsonObject().put("error", new JsonObject().put("message", "Overloaded")
        .put("type", "overloaded_error").putNull("param").put("code", "overloaded")));
    List<JsonObject> events = events(sse);
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.content_part.added", "response.output_text.delta", "response.failed"), types(events));
    assertSequenceRises(events);
    JsonObject response = events.get(5).getJsonObject("response");
    assertEquals("failed", response.getString("status"));
    assertEquals(new JsonObject().put("code", "overloaded").put("message", "Overloaded"),
      response.getJsonObject("error"));
    assertFalse(sse.contains("response.completed"));
    assertEquals("", s.onDone());
    assertEquals(null, ((ResponsesStreamWriter) s).completedResponse());
    assertTrue(s.onChunk(chunk(new JsonObject().put("content", "late"), null)).isEmpty());
  }

  @Test
  void xt9_errorBeforeAnyChunkStillOpensTheResponse() {
    List<JsonObject> events = events(stream().onError(new JsonObject().put("error", new JsonObject()
      .put("message", "boom").put("type", "api_error"))));
    assertEquals(List.of("response.created", "response.in_progress", "response.failed"), types(events));
    assertEquals("api_error", events.get(2).getJsonObject("response").getJsonObject("error").getString("code"));
  }
}
