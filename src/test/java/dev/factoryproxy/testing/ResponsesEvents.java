package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A complete Responses object → the SSE events the Responses API streams for it, in the API's order:
 * {@code response.created}, {@code response.in_progress}, per output item {@code output_item.added}, its
 * deltas (text, refusal, arguments, reasoning summary) and {@code output_item.done}, then
 * {@code response.completed} / {@code response.incomplete} / {@code response.failed}. Each event carries a
 * {@code sequence_number}. Text and arguments arrive in two deltas, to show that the client joins them.
 */
public final class ResponsesEvents {
  private final List<SseEvent> events = new ArrayList<>();

  private ResponsesEvents() {
  }

  public static List<SseEvent> of(JsonObject response) {
    ResponsesEvents out = new ResponsesEvents();
    JsonObject opening = response.copy().put("status", "in_progress").put("output", new JsonArray())
      .putNull("usage");
    out.add(new JsonObject().put("type", "response.created").put("response", opening));
    out.add(new JsonObject().put("type", "response.in_progress").put("response", opening));
    JsonArray output = response.getJsonArray("output", new JsonArray());
    for (int i = 0; i < output.size(); i++) {
      out.item(i, output.getJsonObject(i));
    }
    String status = response.getString("status", "completed");
    String type = switch (status) {
      case "incomplete" -> "response.incomplete";
      case "failed" -> "response.failed";
      default -> "response.completed";
    };
    out.add(new JsonObject().put("type", type).put("response", response));
    return List.copyOf(out.events);
  }

  private void item(int index, JsonObject item) {
    String id = item.getString("id");
    JsonObject opened = item.copy();
    switch (item.getString("type")) {
      case "message" -> opened.put("content", new JsonArray()).put("status", "in_progress");
      case "function_call" -> opened.put("arguments", "").put("status", "in_progress");
      case "reasoning" -> opened.put("summary", new JsonArray()).remove("encrypted_content");
      default -> { }
    }
    add(new JsonObject().put("type", "response.output_item.added").put("output_index", index).put("item", opened));
    switch (item.getString("type")) {
      case "message" -> message(index, id, item.getJsonArray("content", new JsonArray()));
      case "function_call" -> {
        for (String piece : halves(item.getString("arguments", ""))) {
          add(new JsonObject().put("type", "response.function_call_arguments.delta").put("item_id", id)
            .put("output_index", index).put("delta", piece));
        }
        add(new JsonObject().put("type", "response.function_call_arguments.done").put("item_id", id)
          .put("output_index", index).put("arguments", item.getString("arguments", "")));
      }
      case "reasoning" -> reasoning(index, id, item.getJsonArray("summary", new JsonArray()));
      default -> { }
    }
    add(new JsonObject().put("type", "response.output_item.done").put("output_index", index).put("item", item));
  }

  private void message(int index, String id, JsonArray content) {
    for (int k = 0; k < content.size(); k++) {
      JsonObject part = content.getJsonObject(k);
      boolean refusal = "refusal".equals(part.getString("type"));
      JsonObject empty = refusal ? new JsonObject().put("type", "refusal").put("refusal", "")
        : new JsonObject().put("type", "output_text").put("text", "").put("annotations", new JsonArray());
      add(base("response.content_part.added", index, id).put("content_index", k).put("part", empty));
      String text = refusal ? part.getString("refusal") : part.getString("text");
      for (String piece : halves(text)) {
        add(base(refusal ? "response.refusal.delta" : "response.output_text.delta", index, id)
          .put("content_index", k).put("delta", piece));
      }
      add(base(refusal ? "response.refusal.done" : "response.output_text.done", index, id).put("content_index", k)
        .put(refusal ? "refusal" : "text", text));
      add(base("response.content_part.done", index, id).put("content_index", k).put("part", part));
    }
  }

  private void reasoning(int index, String id, JsonArray summary) {
    for (int k = 0; k < summary.size(); k++) {
      JsonObject part = summary.getJsonObject(k);
      add(base("response.reasoning_summary_part.added", index, id).put("summary_index", k)
        .put("part", new JsonObject().put("type", "summary_text").put("text", "")));
      for (String piece : halves(part.getString("text"))) {
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
    events.add(new SseEvent(event.getString("type"), event.encode()));
  }

  private static List<String> halves(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    int mid = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
    return mid == 0 ? List.of(text) : List.of(text.substring(0, mid), text.substring(mid));
  }
}
