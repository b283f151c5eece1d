package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's Responses route ({@code /api/llm/o/v1/responses}): a Responses object, or its event stream, in the
 * shapes of the strict test fake ({@code testing.ResponsesReply} / {@code ResponsesEvents}): created, in_progress,
 * per output item added, its deltas (in two halves) and done, then completed; every event numbered. Usage 20 in
 * (5 cached) / 10 out, as the fake's.
 */
final class ResponsesAnswers {
  private ResponsesAnswers() {
  }

  static SandboxAnswer answer(JsonObject body, Directives says) {
    if (says.error() != 0) {
      return error(says.error(), "sandbox:error=" + says.error() + " asked for this error");
    }
    JsonArray output = new JsonArray();
    int reasoningTokens = 0;
    if (says.reasoning()) {
      output.add(new JsonObject().put("type", "reasoning").put("id", "rs_sandbox_1")
        .put("summary", new JsonArray().add(new JsonObject().put("type", "summary_text")
          .put("text", "The sandbox thinks about: " + says.text())))
        .put("encrypted_content", "sandbox-encrypted-reasoning"));
      reasoningTokens = 4;
    }
    JsonObject tool = says.tool() ? Directives.firstTool(body) : null;
    if (tool != null) {
      output.add(new JsonObject().put("type", "function_call").put("id", "fc_sandbox_1").put("status", "completed")
        .put("call_id", "call_sandbox_1").put("name", tool.getString("name"))
        .put("arguments", tool.getJsonObject("arguments").encode()));
    } else {
      output.add(new JsonObject().put("type", "message").put("id", "msg_sandbox_1").put("status", "completed")
        .put("role", "assistant").put("content", new JsonArray().add(new JsonObject().put("type", "output_text")
          .put("text", says.tool() ? "sandbox:tool needs a tool in the request" : says.echo())
          .put("annotations", new JsonArray()))));
    }
    JsonObject response = new JsonObject().put("id", "resp_sandbox_1").put("object", "response")
      .put("created_at", 1_700_000_000).put("status", "completed").putNull("error").putNull("incomplete_details")
      .put("model", body.getString("model"))
      .put("output", output)
      .put("usage", new JsonObject().put("input_tokens", 20)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", 5))
        .put("output_tokens", 10)
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", reasoningTokens))
        .put("total_tokens", 30));
    return body.getBoolean("stream", false) ? SandboxAnswer.stream(new Events().of(response))
      : SandboxAnswer.json(200, response);
  }

  /** OpenAI's error shape. */
  static SandboxAnswer error(int status, String message) {
    return SandboxAnswer.json(status, OpenAiShape.error(status, message));
  }

  /** A Responses object → its events, numbered in order. */
  private static final class Events {
    private final List<SandboxAnswer.Event> events = new ArrayList<>();

    List<SandboxAnswer.Event> of(JsonObject response) {
      JsonObject opening = response.copy().put("status", "in_progress").put("output", new JsonArray())
        .putNull("usage");
      add(new JsonObject().put("type", "response.created").put("response", opening));
      add(new JsonObject().put("type", "response.in_progress").put("response", opening));
      JsonArray output = response.getJsonArray("output");
      for (int i = 0; i < output.size(); i++) {
        item(i, output.getJsonObject(i));
      }
      add(new JsonObject().put("type", "response.completed").put("response", response));
      return events;
    }

    private void item(int index, JsonObject item) {
      String id = item.getString("id");
      JsonObject opened = item.copy();
      switch (item.getString("type")) {
        case "message" -> opened.put("content", new JsonArray()).put("status", "in_progress");
        case "function_call" -> opened.put("arguments", "").put("status", "in_progress");
        default -> opened.put("summary", new JsonArray()).remove("encrypted_content");
      }
      add(new JsonObject().put("type", "response.output_item.added").put("output_index", index).put("item", opened));
      switch (item.getString("type")) {
        case "message" -> message(index, id, item.getJsonArray("content"));
        case "function_call" -> {
          for (String piece : Pieces.halves(item.getString("arguments"))) {
            add(new JsonObject().put("type", "response.function_call_arguments.delta").put("item_id", id)
              .put("output_index", index).put("delta", piece));
          }
          add(new JsonObject().put("type", "response.function_call_arguments.done").put("item_id", id)
            .put("output_index", index).put("arguments", item.getString("arguments")));
        }
        default -> reasoning(index, id, item.getJsonArray("summary"));
      }
      add(new JsonObject().put("type", "response.output_item.done").put("output_index", index).put("item", item));
    }

    private void message(int index, String id, JsonArray content) {
      for (int k = 0; k < content.size(); k++) {
        JsonObject part = content.getJsonObject(k);
        add(base("response.content_part.added", index, id).put("content_index", k).put("part", new JsonObject()
          .put("type", "output_text").put("text", "").put("annotations", new JsonArray())));
        for (String piece : Pieces.halves(part.getString("text"))) {
          add(base("response.output_text.delta", index, id).put("content_index", k).put("delta", piece));
        }
        add(base("response.output_text.done", index, id).put("content_index", k).put("text", part.getString("text")));
        add(base("response.content_part.done", index, id).put("content_index", k).put("part", part));
      }
    }

    private void reasoning(int index, String id, JsonArray summary) {
      for (int k = 0; k < summary.size(); k++) {
        JsonObject part = summary.getJsonObject(k);
        add(base("response.reasoning_summary_part.added", index, id).put("summary_index", k)
          .put("part", new JsonObject().put("type", "summary_text").put("text", "")));
        for (String piece : Pieces.halves(part.getString("text"))) {
          add(base("response.reasoning_summary_text.delta", index, id).put("summary_index", k).put("delta", piece));
        }
        add(base("response.reasoning_summary_text.done", index, id).put("summary_index", k)
          .put("text", part.getString("text")));
        add(base("response.reasoning_summary_part.done", index, id).put("summary_index", k).put("part", part));
      }
    }

    private static JsonObject base(String type, int index, String id) {
      return new JsonObject().put("type", type).put("item_id", id).put("output_index", index);
    }

    private void add(JsonObject event) {
      event.put("sequence_number", events.size());
      events.add(SandboxAnswer.Event.typed(event));
    }
  }
}
