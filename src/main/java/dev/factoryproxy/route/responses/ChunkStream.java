package dev.factoryproxy.route.responses;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.SseFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Factory's Responses SSE ({@code response.*} events) → {@code chat.completion.chunk} frames (OT1–OT10). One
 * instance per stream, not thread-safe, no I/O.
 */
final class ChunkStream implements StreamTranslation {

  /** An open function_call output item (OT3): its tool-call index and whether argument bytes came. */
  private static final class Call {
    final int index;
    boolean sawArguments;

    Call(int index) {
      this.index = index;
    }
  }

  private final ResponseContext ctx;
  /** Output index → open function call. */
  private final Map<Integer, Call> calls = new HashMap<>(4);
  private JsonObject envelope;
  private JsonObject choice;
  private JsonObject usage;
  private int toolCalls;
  /** Where the last reasoning text came from (output index, summary index), to separate parts (OT4). */
  private String reasoningSource;
  private String finishReason;
  private boolean started;
  private boolean done;
  private boolean failed;

  ChunkStream(ResponseContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    if (done || data == null) {
      return ""; // OT10: a non-JSON data line (such as [DONE]) carries nothing
    }
    String type = data.getValue("type") instanceof String t ? t : event == null ? "" : event;
    return switch (type) {
      case "error" -> onError(data);
      case "response.failed" -> fail(Outcome.errorBody(data.getJsonObject("response", new JsonObject())));
      case "response.created", "response.in_progress" -> start(data.getJsonObject("response"));
      case "response.output_item.added" -> start(null) + onItemAdded(data);
      case "response.output_text.delta" -> start(null) + delta("content", data.getString("delta"));
      case "response.refusal.delta" -> start(null) + delta("refusal", data.getString("delta"));
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
        start(null) + onReasoning(data);
      case "response.function_call_arguments.delta" -> start(null) + onArguments(data);
      case "response.output_item.done" -> start(null) + onItemDone(data);
      case "response.completed", "response.incomplete" -> onFinished(data.getJsonObject("response", new JsonObject()));
      default -> ""; // OT10: content_part.*, *.done texts, annotations, built-in tool progress
    };
  }

  @Override
  public String onUpstreamEnd() {
    if (done) {
      return "";
    }
    return fail(OpenAiErrors.body("The upstream stream ended before the response was complete", "api_error", null,
      "stream_truncated")); // OT8
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public boolean failed() {
    return failed;
  }

  @Override
  public String finishReason() {
    return finishReason;
  }

  @Override
  public JsonObject usage() {
    return usage;
  }

  /** OT1: the first chunk carries the role and an empty content, once. */
  private String start(JsonObject response) {
    if (started) {
      return "";
    }
    started = true;
    JsonObject r = response == null ? new JsonObject() : response;
    choice = new JsonObject().put("index", 0).put("delta", null).put("logprobs", null).put("finish_reason", null);
    envelope = new JsonObject()
      .put("id", AnswerMapper.completionId(r.getString("id")))
      .put("object", "chat.completion.chunk")
      .put("created", ctx.created())
      .put("model", AnswerMapper.model(r, ctx))
      .put("system_fingerprint", null)
      .put("choices", new JsonArray().add(choice));
    if (ctx.includeUsage()) {
      envelope.put("usage", null); // OT7: every chunk but the last says usage null
    }
    return chunk(new JsonObject().put("role", "assistant").put("content", ""));
  }

  /** OT3: a function call opens with its index, id, type and name, and empty arguments. */
  private String onItemAdded(JsonObject data) {
    JsonObject item = data.getJsonObject("item");
    if (item == null || !"function_call".equals(item.getValue("type"))) {
      return "";
    }
    Call call = new Call(toolCalls++); // OT3: the count of calls so far, not the output index
    calls.put(data.getInteger("output_index", -1), call);
    JsonObject start = new JsonObject().put("index", call.index).put("id", item.getString("call_id"))
      .put("type", "function")
      .put("function", new JsonObject().put("name", item.getString("name")).put("arguments", ""));
    return chunk(new JsonObject().put("tool_calls", new JsonArray().add(start)));
  }

  private String onArguments(JsonObject data) {
    Call call = calls.get(data.getInteger("output_index", -1));
    String fragment = data.getString("delta");
    if (call == null || fragment == null || fragment.isEmpty()) {
      return "";
    }
    call.sawArguments = true;
    return arguments(call, fragment);
  }

  /** OT3: only index and fragment after the opening delta. */
  private String arguments(Call call, String fragment) {
    return chunk(new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject().put("index", call.index)
      .put("function", new JsonObject().put("arguments", fragment)))));
  }

  /** OT3: a call that streamed no argument bytes still gets its arguments; OT5: a reasoning item's signature. */
  private String onItemDone(JsonObject data) {
    JsonObject item = data.getJsonObject("item");
    if (item == null) {
      return "";
    }
    if ("function_call".equals(item.getValue("type"))) {
      Call call = calls.remove(data.getInteger("output_index", -1));
      if (call == null || call.sawArguments) {
        return "";
      }
      String args = item.getString("arguments", "");
      return arguments(call, args.isEmpty() ? "{}" : args);
    }
    if ("reasoning".equals(item.getValue("type"))) {
      // OT5: the text came as reasoning deltas; the block carries only the signature, as on the Messages route (T7)
      JsonObject block = ReasoningItems.thinkingBlock("", item.getString("encrypted_content"));
      return block == null ? "" : chunk(new JsonObject().put("thinking_blocks", new JsonArray().add(block)));
    }
    return "";
  }

  /** OT4: summary text → reasoning_content; a new summary part starts on a new line. */
  private String onReasoning(JsonObject data) {
    String text = data.getString("delta");
    if (text == null || text.isEmpty()) {
      return "";
    }
    String source = data.getValue("output_index") + "/" + data.getValue("summary_index");
    String separator = reasoningSource != null && !reasoningSource.equals(source) ? "\n" : "";
    reasoningSource = source;
    return delta("reasoning_content", separator + text);
  }

  /** OT6: the finish chunk, the usage chunk when asked for, then [DONE]. */
  private String onFinished(JsonObject response) {
    String opening = start(response);
    usage = AnswerMapper.usage(response.getJsonObject("usage"));
    finishReason = Outcome.finishReason(response, toolCalls > 0);
    choice.put("finish_reason", finishReason).put("native_finish_reason", Outcome.nativeReason(response));
    String frames = opening + chunk(new JsonObject());
    if (ctx.includeUsage()) {
      JsonObject usageChunk = envelope.copy().put("choices", new JsonArray()).put("usage", usage);
      frames += SseFrames.data(usageChunk.encode());
    }
    done = true;
    return frames + SseFrames.DONE;
  }

  /** OT7: an {@code error} event ({@code code}/{@code message} at the top level or under {@code error}). */
  private String onError(JsonObject data) {
    JsonObject error = data.getValue("error") instanceof JsonObject e ? e : data;
    return fail(Outcome.errorBody(error.getString("code"), error.getString("message"), error.getString("param")));
  }

  private String fail(JsonObject errorBody) {
    done = true;
    failed = true;
    return OpenAiErrors.streamFrame(errorBody);
  }

  private String delta(String field, String text) {
    return text == null || text.isEmpty() ? "" : chunk(new JsonObject().put(field, text));
  }

  private String chunk(JsonObject delta) {
    choice.put("delta", delta);
    return SseFrames.data(envelope.encode());
  }
}
