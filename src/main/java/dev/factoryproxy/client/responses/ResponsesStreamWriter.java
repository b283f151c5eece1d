package dev.factoryproxy.client.responses;

import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub's chunk stream → the Responses event stream in the order the OpenAI SDKs and Codex read it (XT1–XT10):
 * {@code response.created}, {@code response.in_progress}, then per output item {@code output_item.added}, its
 * parts and deltas, its {@code .done} events and {@code output_item.done}, and last {@code response.completed}
 * (or {@code .incomplete}, or {@code .failed}), every event with a rising {@code sequence_number}.
 */
public final class ResponsesStreamWriter implements ClientStream {
  private final JsonObject clientContext;
  private final List<JsonObject> output = new ArrayList<>();
  /** Hub tool-call index → its open function_call item. */
  private final Map<Integer, OpenItem> calls = new TreeMap<>();
  private long sequence;
  private JsonObject response;
  private String base;
  private OpenItem reasoning;
  private OpenItem message;
  private int reasoningCount;
  private String finishReason;
  private JsonObject usage;
  private boolean finished;
  private JsonObject completed;

  /** An output item being streamed: its index, its item and the text or arguments so far. */
  private static final class OpenItem {
    final int outputIndex;
    final JsonObject item;
    final StringBuilder text = new StringBuilder();

    OpenItem(int outputIndex, JsonObject item) {
      this.outputIndex = outputIndex;
      this.item = item;
    }
  }

  ResponsesStreamWriter(JsonObject clientContext) {
    this.clientContext = clientContext;
  }

  @Override
  public String onChunk(JsonObject chunk) {
    if (finished) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    start(chunk, out);
    if (chunk.getValue("usage") instanceof JsonObject u) {
      usage = u;
    }
    JsonArray choices = chunk.getJsonArray("choices", new JsonArray());
    JsonObject choice = choices.isEmpty() ? null : choices.getJsonObject(0);
    if (choice == null) {
      return out.toString();
    }
    JsonObject delta = choice.getJsonObject("delta", new JsonObject());
    if (delta.getValue("reasoning_content") instanceof String r && !r.isEmpty()) {
      reasoningDelta(r, out);
    }
    for (Object block : delta.getJsonArray("thinking_blocks", new JsonArray())) {
      thinkingBlock((JsonObject) block, out);
    }
    if (delta.getValue("content") instanceof String text && !text.isEmpty()) {
      textDelta(text, out);
    }
    for (Object call : delta.getJsonArray("tool_calls", new JsonArray())) {
      toolCallDelta((JsonObject) call, out);
    }
    if (choice.getValue("finish_reason") instanceof String reason) {
      finishReason = reason;
    }
    return out.toString();
  }

  private void start(JsonObject chunk, StringBuilder out) {
    if (response != null) {
      return;
    }
    String id = ResponseObjects.responseId(chunk == null ? null : chunk.getString("id"));
    base = id.substring("resp_".length());
    long created = chunk == null ? 0L : chunk.getLong("created", 0L);
    response = ResponseObjects.envelope(id, created, clientContext, "in_progress");
    emit(out, new JsonObject().put("type", "response.created").put("response", response.copy()));
    emit(out, new JsonObject().put("type", "response.in_progress").put("response", response.copy()));
  }

  private void emit(StringBuilder out, JsonObject event) {
    event.put("sequence_number", sequence++);
    out.append(ResponsesSse.frame(event));
  }

  // ---- reasoning (XT4) ----

  private void reasoningDelta(String text, StringBuilder out) {
    if (reasoning == null) {
      closeMessage(out);
      openReasoning(out);
    }
    reasoning.text.append(text);
    emit(out, itemEvent("response.reasoning_summary_text.delta", reasoning).put("summary_index", 0)
      .put("delta", text));
  }

  private void openReasoning(StringBuilder out) {
    String id = "rs_" + base + (reasoningCount == 0 ? "" : "_" + reasoningCount);
    reasoningCount++;
    reasoning = open(new JsonObject().put("id", id).put("type", "reasoning").put("summary", new JsonArray()), out);
    emit(out, itemEvent("response.reasoning_summary_part.added", reasoning).put("summary_index", 0)
      .put("part", new JsonObject().put("type", "summary_text").put("text", "")));
  }

  /** A signature closes the thinking it signs; a redacted block is an item of its own. */
  private void thinkingBlock(JsonObject block, StringBuilder out) {
    String encrypted = ReasoningItems.encrypted(block);
    if (encrypted == null) {
      return;
    }
    if ("redacted_thinking".equals(block.getString("type"))) {
      closeReasoning(out);
      closeMessage(out);
      openReasoning(out);
    } else if (reasoning == null) {
      closeMessage(out);
      openReasoning(out);
    }
    reasoning.item.put("encrypted_content", encrypted);
    closeReasoning(out);
  }

  private void closeReasoning(StringBuilder out) {
    if (reasoning == null) {
      return;
    }
    OpenItem item = reasoning;
    reasoning = null;
    String text = item.text.toString();
    emit(out, itemEvent("response.reasoning_summary_text.done", item).put("summary_index", 0).put("text", text));
    emit(out, itemEvent("response.reasoning_summary_part.done", item).put("summary_index", 0)
      .put("part", new JsonObject().put("type", "summary_text").put("text", text)));
    item.item.put("summary", ReasoningItems.summary(text));
    done(item, out);
  }

  // ---- text (XT3) ----

  private void textDelta(String text, StringBuilder out) {
    if (message == null) {
      closeReasoning(out);
      message = open(ResponseObjects.messageItem("msg_" + base + (output.isEmpty() ? "" : "_" + output.size()),
        null, "in_progress"), out);
      emit(out, itemEvent("response.content_part.added", message).put("content_index", 0)
        .put("part", ResponseObjects.outputText("")));
    }
    message.text.append(text);
    emit(out, itemEvent("response.output_text.delta", message).put("content_index", 0).put("delta", text)
      .put("logprobs", new JsonArray()));
  }

  private void closeMessage(StringBuilder out) {
    if (message == null) {
      return;
    }
    OpenItem item = message;
    message = null;
    String text = item.text.toString();
    emit(out, itemEvent("response.output_text.done", item).put("content_index", 0).put("text", text)
      .put("logprobs", new JsonArray()));
    emit(out, itemEvent("response.content_part.done", item).put("content_index", 0)
      .put("part", ResponseObjects.outputText(text)));
    item.item.put("status", "completed").put("content", new JsonArray().add(ResponseObjects.outputText(text)));
    done(item, out);
  }

  // ---- function calls (XT5) ----

  private void toolCallDelta(JsonObject call, StringBuilder out) {
    int index = call.getInteger("index", 0);
    JsonObject fn = call.getJsonObject("function", new JsonObject());
    OpenItem item = calls.get(index);
    if (item == null) {
      closeReasoning(out);
      closeMessage(out);
      String callId = call.getString("id", "call_" + base + "_" + index);
      item = open(ResponseObjects.functionCallItem(callId, fn.getString("name", ""), "", "in_progress",
        clientContext), out);
      calls.put(index, item);
    }
    if (fn.getValue("arguments") instanceof String args && !args.isEmpty()) {
      item.text.append(args);
      emit(out, itemEvent("response.function_call_arguments.delta", item).put("delta", args));
    }
  }

  private void closeCalls(StringBuilder out) {
    for (OpenItem item : calls.values()) {
      String arguments = item.text.toString();
      emit(out, itemEvent("response.function_call_arguments.done", item).put("arguments", arguments));
      item.item.put("status", "completed").put("arguments", arguments);
      done(item, out);
    }
    calls.clear();
  }

  // ---- items ----

  private OpenItem open(JsonObject item, StringBuilder out) {
    OpenItem open = new OpenItem(output.size(), item);
    output.add(item);
    emit(out, new JsonObject().put("type", "response.output_item.added").put("output_index", open.outputIndex)
      .put("item", item.copy()));
    return open;
  }

  private void done(OpenItem item, StringBuilder out) {
    emit(out, new JsonObject().put("type", "response.output_item.done").put("output_index", item.outputIndex)
      .put("item", item.item.copy()));
  }

  private static JsonObject itemEvent(String type, OpenItem item) {
    return new JsonObject().put("type", type).put("item_id", item.item.getString("id"))
      .put("output_index", item.outputIndex);
  }

  private JsonArray outputSoFar() {
    JsonArray items = new JsonArray();
    output.forEach(item -> items.add(item.copy()));
    return items;
  }

  // ---- the end (XT6–XT9) ----

  @Override
  public String onDone() {
    if (finished) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    start(null, out);
    closeReasoning(out);
    closeMessage(out);
    closeCalls(out);
    finished = true;
    String status = ResponseObjects.status(finishReason);
    JsonObject last = response.copy().put("status", status)
      .put("incomplete_details", ResponseObjects.incompleteDetails(finishReason))
      .put("output", outputSoFar())
      .put("usage", ResponsesUsage.fromChat(usage));
    completed = last;
    emit(out, new JsonObject().put("type", "completed".equals(status) ? "response.completed" : "response.incomplete")
      .put("response", last.copy()));
    return out.toString();
  }

  /** The final response of a stream that completed (or ended incomplete), for the conversation store (XR16). */
  public JsonObject completedResponse() {
    return completed == null ? null : completed.copy();
  }

  @Override
  public String onError(JsonObject openAiError) {
    if (finished) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    start(null, out);
    finished = true;
    JsonObject last = response.copy().put("output", outputSoFar()).put("usage", ResponsesUsage.fromChat(usage));
    JsonObject failed = ResponsesSse.failedEvent(last, openAiError, sequence++);
    out.append(ResponsesSse.frame(failed));
    return out.toString();
  }
}
