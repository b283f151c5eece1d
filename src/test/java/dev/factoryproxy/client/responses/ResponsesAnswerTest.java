package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResponsesAnswerTest {
  private final ResponsesClient client = new ResponsesClient();

  private JsonObject context(JsonObject request) {
    return client.toChat(request).clientContext();
  }

  private static JsonObject completion(JsonObject message, String finish, JsonObject usage) {
    return new JsonObject().put("id", "chatcmpl-abc").put("object", "chat.completion").put("created", 1700000000L)
      .put("model", "claude-sonnet-4-6").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("message", message.put("role", "assistant")).put("finish_reason", finish)))
      .put("usage", usage);
  }

  private static final JsonObject USAGE = new JsonObject().put("prompt_tokens", 20).put("completion_tokens", 5)
    .put("total_tokens", 25).put("prompt_tokens_details", new JsonObject().put("cached_tokens", 8))
    .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", 2));

  @Test
  void xs1_xs5_textAnswerIsAResponseObjectWithUsage() {
    JsonObject ctx = context(new JsonObject().put("model", "claude-sonnet-4-6").put("input", "hi")
      .put("instructions", "Be brief.").put("metadata", new JsonObject().put("k", "v")));
    JsonObject response = client.fromChat(completion(new JsonObject().put("content", "PONG"), "stop", USAGE), ctx);
    JsonObject expected = new JsonObject()
      .put("id", "resp_abc").put("object", "response").put("created_at", 1700000000L).put("status", "completed")
      .putNull("error").putNull("incomplete_details").put("model", "claude-sonnet-4-6")
      .put("output", new JsonArray().add(new JsonObject().put("id", "msg_abc").put("type", "message")
        .put("status", "completed").put("role", "assistant").put("content", new JsonArray().add(new JsonObject()
          .put("type", "output_text").put("text", "PONG").put("annotations", new JsonArray())
          .put("logprobs", new JsonArray())))))
      .put("usage", new JsonObject().put("input_tokens", 20L)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", 8L)).put("output_tokens", 5L)
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 2L)).put("total_tokens", 25L))
      .put("instructions", "Be brief.").putNull("max_output_tokens").put("metadata", new JsonObject().put("k", "v"))
      .put("parallel_tool_calls", true).putNull("previous_response_id")
      .put("reasoning", new JsonObject().putNull("effort").putNull("summary")).put("store", true)
      .put("temperature", 1.0).put("text", new JsonObject().put("format", new JsonObject().put("type", "text")))
      .put("tool_choice", "auto").put("tools", new JsonArray()).put("top_p", 1.0).put("truncation", "disabled")
      .putNull("user");
    assertEquals(expected, response);
  }

  @Test
  void xs2_xs3_reasoningThenFunctionCallsWithNamespacesSplitBack() {
    JsonObject ctx = context(CodexFixture.firstRequest().put("model", "claude-sonnet-4-6"));
    JsonObject message = new JsonObject().putNull("content").put("reasoning_content", "Think.")
      .put("thinking_blocks", new JsonArray().add(new JsonObject().put("type", "thinking").put("thinking", "Think.")
        .put("signature", "SIG")))
      .put("tool_calls", new JsonArray()
        .add(new JsonObject().put("id", "toolu_1").put("type", "function").put("function", new JsonObject()
          .put("name", "exec_command").put("arguments", "{\"cmd\":\"ls\"}")))
        .add(new JsonObject().put("id", "toolu_2").put("type", "function").put("function", new JsonObject()
          .put("name", "multi_agent_v1__spawn_agent").put("arguments", "{}"))));
    JsonArray output = client.fromChat(completion(message, "tool_calls", USAGE), ctx).getJsonArray("output");
    assertEquals(new JsonArray()
      .add(new JsonObject().put("id", "rs_abc").put("type", "reasoning").put("summary", new JsonArray()
        .add(new JsonObject().put("type", "summary_text").put("text", "Think."))).put("encrypted_content",
          "fpx.thinking.SIG"))
      .add(new JsonObject().put("id", "fc_toolu_1").put("type", "function_call").put("status", "completed")
        .put("name", "exec_command").put("call_id", "toolu_1").put("arguments", "{\"cmd\":\"ls\"}"))
      .add(new JsonObject().put("id", "fc_toolu_2").put("type", "function_call").put("status", "completed")
        .put("name", "spawn_agent").put("namespace", "multi_agent_v1").put("call_id", "toolu_2")
        .put("arguments", "{}")), output);
  }

  @Test
  void xs2_redactedThinkingAndUnsignedReasoning() {
    JsonObject ctx = context(new JsonObject().put("model", "m").put("input", "hi"));
    JsonObject redacted = new JsonObject().put("content", "x").put("thinking_blocks", new JsonArray()
      .add(new JsonObject().put("type", "redacted_thinking").put("data", "D")));
    assertEquals(new JsonObject().put("id", "rs_abc").put("type", "reasoning").put("summary", new JsonArray())
      .put("encrypted_content", "fpx.redacted.D"),
      client.fromChat(completion(redacted, "stop", USAGE), ctx).getJsonArray("output").getJsonObject(0));
    JsonObject unsigned = new JsonObject().put("content", "x").put("reasoning_content", "hmm");
    assertEquals(new JsonObject().put("id", "rs_abc").put("type", "reasoning").put("summary", new JsonArray()
      .add(new JsonObject().put("type", "summary_text").put("text", "hmm"))),
      client.fromChat(completion(unsigned, "stop", USAGE), ctx).getJsonArray("output").getJsonObject(0));
  }

  @Test
  void xs2_reasoningRoundTripsThroughTheNextRequest() {
    JsonObject ctx = context(new JsonObject().put("model", "m").put("input", "hi"));
    JsonObject message = new JsonObject().put("content", "A").put("reasoning_content", "R")
      .put("thinking_blocks", new JsonArray().add(new JsonObject().put("type", "thinking").put("thinking", "R")
        .put("signature", "S1")));
    JsonArray output = client.fromChat(completion(message, "stop", USAGE), ctx).getJsonArray("output");
    JsonArray next = output.copy().add(new JsonObject().put("role", "user").put("content", "more"));
    JsonObject assistant = client.toChat(new JsonObject().put("model", "m").put("input", next)).chatRequest()
      .getJsonArray("messages").getJsonObject(0);
    assertEquals(new JsonObject().put("role", "assistant").put("content", "A").put("thinking_blocks",
      new JsonArray().add(new JsonObject().put("type", "thinking").put("thinking", "R").put("signature", "S1"))),
      assistant);
  }

  @Test
  void xs4_lengthIsIncompleteWithMaxOutputTokens() {
    JsonObject ctx = context(new JsonObject().put("model", "m").put("input", "hi").put("max_output_tokens", 5));
    JsonObject response = client.fromChat(completion(new JsonObject().put("content", "trunc"), "length", USAGE), ctx);
    assertEquals("incomplete", response.getString("status"));
    assertEquals(new JsonObject().put("reason", "max_output_tokens"), response.getJsonObject("incomplete_details"));
    assertEquals(5, response.getInteger("max_output_tokens"));
    JsonObject filtered = client.fromChat(completion(new JsonObject().put("content", ""), "content_filter", USAGE),
      ctx);
    assertEquals(new JsonObject().put("reason", "content_filter"), filtered.getJsonObject("incomplete_details"));
    assertEquals(new JsonArray(), filtered.getJsonArray("output"), "no empty message item");
  }

  @Test
  void xs6_refusalIsARefusalPart() {
    JsonObject ctx = context(new JsonObject().put("model", "m").put("input", "hi"));
    JsonObject response = client.fromChat(completion(new JsonObject().putNull("content").put("refusal", "No."),
      "stop", null), ctx);
    assertEquals(new JsonArray().add(new JsonObject().put("type", "refusal").put("refusal", "No.")),
      response.getJsonArray("output").getJsonObject(0).getJsonArray("content"));
    assertNull(response.getValue("usage"));
  }

  @Test
  void xe1_errorBodyIsTheOpenAiShape() {
    JsonObject error = new JsonObject().put("error", new JsonObject().put("message", "m").put("type", "t")
      .putNull("param").putNull("code"));
    assertEquals(error, client.errorBody(400, error));
  }

  @Test
  void xe2_streamErrorFrameIsResponseFailed() {
    JsonObject error = new JsonObject().put("error", new JsonObject().put("message", "overloaded")
      .put("type", "overloaded_error").putNull("param").put("code", "overloaded"));
    assertEquals("event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":0,\"response\":"
      + "{\"object\":\"response\",\"status\":\"failed\","
      + "\"error\":{\"code\":\"overloaded\",\"message\":\"overloaded\"}}}"
      + "\n\n", client.streamErrorFrame(error));
  }
}
