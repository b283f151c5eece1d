package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's Chat route ({@code /api/llm/o/v1/chat/completions}, the open "Core" models): a chat.completion, or
 * its chunks, in the shapes of the strict test fake ({@code testing.FakeCoreChatRoute}): the role chunk, reasoning
 * (under {@code reasoning_content}), content, one chunk per tool call, the finish chunk, a usage chunk without
 * choices, {@code [DONE]}. Usage 20 in / 5 out, as the fake's.
 */
final class ChatAnswers {
  private ChatAnswers() {
  }

  static SandboxAnswer answer(JsonObject body, Directives says) {
    if (says.error() != 0) {
      return SandboxAnswer.json(says.error(), OpenAiShape.error(says.error(),
        "sandbox:error=" + says.error() + " asked for this error"));
    }
    JsonObject message = new JsonObject().put("role", "assistant");
    if (says.reasoning()) {
      message.put("reasoning_content", "The sandbox thinks about: " + says.text());
    }
    JsonObject tool = says.tool() ? Directives.firstTool(body) : null;
    String finish = "stop";
    if (tool != null) {
      message.putNull("content").put("tool_calls", new JsonArray().add(new JsonObject().put("id", "call_sandbox_1")
        .put("type", "function").put("function", new JsonObject().put("name", tool.getString("name"))
          .put("arguments", tool.getJsonObject("arguments").encode()))));
      finish = "tool_calls";
    } else {
      message.put("content", says.tool() ? "sandbox:tool needs a tool in the request" : says.echo());
    }
    String model = body.getString("model");
    return body.getBoolean("stream", false) ? SandboxAnswer.stream(chunks(message, finish, model))
      : SandboxAnswer.json(200, envelope(model, "chat.completion").put("choices", new JsonArray()
        .add(new JsonObject().put("index", 0).put("message", message).put("finish_reason", finish)))
        .put("usage", usage()));
  }

  private static List<SandboxAnswer.Event> chunks(JsonObject message, String finish, String model) {
    List<JsonObject> deltas = new ArrayList<>();
    deltas.add(new JsonObject().put("role", "assistant").put("content", ""));
    if (message.getValue("reasoning_content") != null) {
      deltas.add(new JsonObject().put("reasoning_content", message.getValue("reasoning_content")));
    }
    if (message.getValue("content") instanceof String text && !text.isEmpty()) {
      deltas.add(new JsonObject().put("content", text));
    }
    JsonArray calls = message.getJsonArray("tool_calls", new JsonArray());
    for (int k = 0; k < calls.size(); k++) {
      JsonObject call = calls.getJsonObject(k).copy().put("index", k);
      deltas.add(new JsonObject().put("tool_calls", new JsonArray().add(call)));
    }
    List<SandboxAnswer.Event> events = new ArrayList<>();
    for (JsonObject delta : deltas) {
      events.add(SandboxAnswer.Event.data(chunk(model, delta, null)));
    }
    events.add(SandboxAnswer.Event.data(chunk(model, new JsonObject(), finish)));
    events.add(SandboxAnswer.Event.data(envelope(model, "chat.completion.chunk").put("choices", new JsonArray())
      .put("usage", usage())));
    events.add(new SandboxAnswer.Event(null, "[DONE]"));
    return events;
  }

  private static JsonObject chunk(String model, JsonObject delta, String finish) {
    return envelope(model, "chat.completion.chunk").put("choices", new JsonArray().add(new JsonObject()
      .put("index", 0).put("delta", delta).put("finish_reason", finish)));
  }

  private static JsonObject envelope(String model, String object) {
    return new JsonObject().put("id", "chatcmpl-sandbox-1").put("object", object).put("created", 1)
      .put("model", model);
  }

  private static JsonObject usage() {
    return new JsonObject().put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
  }
}
