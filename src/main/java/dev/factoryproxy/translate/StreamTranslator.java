package dev.factoryproxy.translate;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * One Anthropic SSE stream → OpenAI {@code chat.completion.chunk} frames (T1–T15). One instance per stream,
 * not thread-safe, no I/O: the caller feeds parsed upstream events and writes back what it gets.
 */
public final class StreamTranslator {

  /** How a tool_use block's argument fragments reach the client. */
  private enum ToolOutput { TOOL_CALL, FUNCTION_CALL, CONTENT }

  /** An open tool_use block (T5/T6): where its fragments go and whether any came. */
  private static final class ToolBlock {
    final ToolOutput output;
    final int index;
    boolean sawArguments;

    ToolBlock(ToolOutput output, int index) {
      this.output = output;
      this.index = index;
    }
  }

  private final ResponseContext ctx;
  /** Upstream content-block index → open tool block; blocks of other kinds are never stored. */
  private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>(4);
  /** One envelope reused for every choice chunk: only the delta and, at the end, the finish reason change (T3). */
  private JsonObject envelope;
  private JsonObject choice;
  /** The frame of a choice chunk before and after its delta, until the finish reason is set: see {@link #textChunk}. */
  private String framePrefix;
  private String frameSuffix;
  private JsonObject anthropicUsage;
  private int clientToolCalls;
  private boolean jsonToolCalled;
  private String finishReason;
  private boolean started;
  private boolean done;
  private boolean failed;

  public StreamTranslator(ResponseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * One upstream SSE event (event name may be null: then {@code data.type} is used). Returns the OpenAI SSE text to
   * write: zero or more complete frames {@code "data: {...}\n\n"}, ending with {@code "data: [DONE]\n\n"} at
   * message_stop; {@code ""} when there is nothing to write.
   */
  public String onEvent(String event, JsonObject data) {
    if (done || data == null) {
      return "";
    }
    String type = event != null ? event : data.getString("type", "");
    if (!started && !type.equals("message_start") && !type.equals("error")) {
      return ""; // T2: nothing can be sent before the first chunk
    }
    return switch (type) {
      case "message_start" -> onMessageStart(data.getJsonObject("message", new JsonObject()));
      case "content_block_start" -> onBlockStart(data.getInteger("index", -1), data.getJsonObject("content_block"));
      case "content_block_delta" -> onBlockDelta(data.getInteger("index", -1), data.getJsonObject("delta"));
      case "content_block_stop" -> onBlockStop(data.getInteger("index", -1));
      case "message_delta" -> onMessageDelta(data.getJsonObject("delta"), data.getJsonObject("usage"));
      case "message_stop" -> onMessageStop();
      case "error" -> onError(data.getJsonObject("error", new JsonObject()));
      default -> ""; // T4 ping, T8 unknown events
    };
  }

  /** Upstream closed: unless the stream already ended, the T14 {@code stream_truncated} error frame; else "". */
  public String onUpstreamEnd() {
    if (done) {
      return "";
    }
    return fail(OpenAiErrors.body("The upstream stream ended before the response was complete", "api_error", null,
      "stream_truncated"));
  }

  /** message_stop handled or an error frame emitted: nothing more may be written. */
  public boolean done() {
    return done;
  }

  /** The stream ended with an error frame (T12, T14). */
  public boolean failed() {
    return failed;
  }

  /** message_start seen, so the first chunk was produced. */
  public boolean started() {
    return started;
  }

  /** The mapped finish reason (S6), null until message_delta (or message_stop without one). */
  public String finishReason() {
    return finishReason;
  }

  /** OpenAI usage (S7) as far as known, for logs and metrics; null before message_start. */
  public JsonObject usage() {
    return started ? Usage.toOpenAi(anthropicUsage) : null;
  }

  // ---- message events ----

  private String onMessageStart(JsonObject message) {
    if (started) {
      return "";
    }
    started = true;
    anthropicUsage = message.getJsonObject("usage");
    choice = new JsonObject().put("index", 0).put("delta", null).put("logprobs", null).put("finish_reason", null);
    envelope = header(ChoiceParts.completionId(message.getString("id")), ChoiceParts.model(message, ctx))
      .put("choices", new JsonArray().add(choice));
    if (ctx.includeUsage()) {
      envelope.put("usage", null); // T10
    }
    splitFrameAroundDelta();
    return framePrefix + "{\"role\":\"assistant\",\"content\":\"\"}" + frameSuffix; // T2
  }

  private String onMessageDelta(JsonObject delta, JsonObject usage) {
    if (finishReason != null) {
      return "";
    }
    anthropicUsage = Usage.merge(anthropicUsage, usage); // T9
    return finish(delta == null ? null : delta.getString("stop_reason"));
  }

  private String onMessageStop() {
    // A stream without message_delta still owes the client a finish reason before [DONE] (T9, T11)
    String finish = finishReason == null ? finish(null) : "";
    done = true;
    return finish + SseFrames.DONE;
  }

  private String onError(JsonObject error) {
    String type = error.getString("type", "api_error");
    String message = error.getString("message", "Upstream error");
    return fail(OpenAiErrors.body(message, type, null, UpstreamErrorMapper.codeFor(type, 200, message))); // T12
  }

  /** T9 finish chunk, then with include_usage the T10 usage chunk. */
  private String finish(String stopReason) {
    finishReason = FinishReasons.map(stopReason, jsonToolCalled && clientToolCalls == 0, ctx.legacyFunctions());
    choice.put("finish_reason", finishReason).put("native_finish_reason", stopReason);
    String frames = chunk(new JsonObject());
    if (!ctx.includeUsage()) {
      return frames;
    }
    JsonObject usageChunk = header(envelope.getString("id"), envelope.getString("model"))
      .put("choices", new JsonArray())
      .put("usage", usage());
    return frames + SseFrames.data(usageChunk.encode());
  }

  private String fail(JsonObject errorBody) {
    done = true;
    failed = true;
    return OpenAiErrors.streamFrame(errorBody);
  }

  // ---- content blocks ----

  private String onBlockStart(int index, JsonObject block) {
    if (block == null) {
      return "";
    }
    return switch (block.getString("type", "")) {
      case "text" -> textChunk("content", block.getString("text")); // T4: only a non-empty start text
      case "thinking" -> textChunk("reasoning_content", block.getString("thinking"));
      case "redacted_thinking" -> thinkingBlockChunk(ChoiceParts.redactedThinkingBlock(block.getString("data")));
      case "tool_use" -> onToolStart(index, block.getString("id"), block.getString("name"));
      default -> ""; // T8: server tools and their results are not tool calls
    };
  }

  private String onBlockDelta(int index, JsonObject delta) {
    if (delta == null) {
      return "";
    }
    return switch (delta.getString("type", "")) {
      case "text_delta" -> textChunk("content", delta.getString("text")); // T4
      case "thinking_delta" -> textChunk("reasoning_content", delta.getString("thinking")); // T7
      case "signature_delta" -> // T7: signatures never go into reasoning text
        thinkingBlockChunk(ChoiceParts.thinkingBlock("", delta.getString("signature")));
      case "input_json_delta" -> onArguments(toolBlocks.get(index), delta.getString("partial_json"));
      default -> ""; // T8: citations_delta and anything new
    };
  }

  private String onBlockStop(int index) {
    ToolBlock tool = toolBlocks.remove(index);
    // T6: a tool that got no argument bytes still hands the client valid JSON
    return tool != null && !tool.sawArguments ? argumentsChunk(tool, "{}") : "";
  }

  private String onToolStart(int index, String id, String name) {
    if (ChoiceParts.isJsonTool(ctx, name)) {
      jsonToolCalled = true; // T15: its arguments are the content
      toolBlocks.put(index, new ToolBlock(ToolOutput.CONTENT, -1));
      return "";
    }
    if (ctx.legacyFunctions()) {
      if (clientToolCalls++ > 0) {
        return ""; // R14: the legacy API has no parallel calls: function_call carries the first one
      }
      toolBlocks.put(index, new ToolBlock(ToolOutput.FUNCTION_CALL, 0));
      return chunk(new JsonObject().put("function_call", ChoiceParts.functionCall(ctx.clientToolName(name), "")));
    }
    int k = clientToolCalls++; // T5: count of tool calls so far, not the block index
    toolBlocks.put(index, new ToolBlock(ToolOutput.TOOL_CALL, k));
    JsonObject call = new JsonObject().put("index", k).mergeIn(ChoiceParts.toolCall(ctx, id, name, ""));
    return chunk(new JsonObject().put("tool_calls", new JsonArray().add(call)));
  }

  private String onArguments(ToolBlock tool, String fragment) {
    if (tool == null || fragment == null || fragment.isEmpty()) {
      return ""; // T6: "" fragments are skipped
    }
    tool.sawArguments = true;
    return argumentsChunk(tool, fragment);
  }

  /** T6: after the first delta, only the index and the fragment (no id, type or name). */
  private String argumentsChunk(ToolBlock tool, String fragment) {
    return switch (tool.output) {
      case TOOL_CALL -> chunk(new JsonObject().put("tool_calls", new JsonArray().add(
        new JsonObject().put("index", tool.index).put("function", new JsonObject().put("arguments", fragment)))));
      case FUNCTION_CALL -> chunk(new JsonObject().put("function_call", new JsonObject().put("arguments", fragment)));
      case CONTENT -> textChunk("content", fragment); // T15
    };
  }


  // ---- chunks ----

  /**
   * Text and reasoning deltas are most of a stream's chunks; they differ only in their text, so the frame is the
   * cached envelope around {@code {"<field>":"<text>"}}, with the text escaped as Jackson escapes it: the same bytes
   * {@link #chunk} would write, without encoding the envelope again.
   */
  private String textChunk(String field, String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    if (finishReason != null) {
      return chunk(new JsonObject().put(field, text));
    }
    char[] escaped = JsonStringEncoder.getInstance().quoteAsString(text);
    return new StringBuilder(framePrefix.length() + field.length() + escaped.length + frameSuffix.length() + 8)
      .append(framePrefix).append("{\"").append(field).append("\":\"").append(escaped).append("\"}")
      .append(frameSuffix).toString();
  }

  /** Splits the encoded envelope at its {@code "delta":null}: only the real key has those unescaped quotes. */
  private void splitFrameAroundDelta() {
    choice.put("delta", null);
    String json = envelope.encode();
    String key = "\"delta\":";
    int at = json.indexOf(key + "null");
    framePrefix = "data: " + json.substring(0, at + key.length());
    frameSuffix = json.substring(at + key.length() + "null".length()) + "\n\n";
  }

  private String thinkingBlockChunk(JsonObject thinkingBlock) {
    return chunk(new JsonObject().put("thinking_blocks", new JsonArray().add(thinkingBlock)));
  }

  /** T3: same id, created and model on every chunk; choices[0].index always 0. Serialized once. */
  private String chunk(JsonObject delta) {
    choice.put("delta", delta);
    return SseFrames.data(envelope.encode());
  }

  private JsonObject header(String id, String model) {
    return new JsonObject()
      .put("id", id)
      .put("object", "chat.completion.chunk")
      .put("created", ctx.created())
      .put("model", model)
      .put("system_fingerprint", null);
  }
}
