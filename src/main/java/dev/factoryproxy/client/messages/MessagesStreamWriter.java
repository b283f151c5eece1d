package dev.factoryproxy.client.messages;

import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The hub's chunk stream → Anthropic stream events (MT1-MT9): {@code message_start} first, then each content block
 * as {@code content_block_start}, its deltas and {@code content_block_stop} with its own index, then
 * {@code message_delta} (stop_reason, usage) and {@code message_stop}. One block is open at a time, so indexes
 * count up by one in output order. One instance per stream, not thread-safe.
 */
final class MessagesStreamWriter implements ClientStream {
  private enum Kind { TEXT, THINKING, TOOL }

  private final String requestedModel;
  /** Hub tool-call index → the Anthropic block index its tool_use got (MT5). */
  private final Map<Integer, Integer> toolBlocks = new HashMap<>(4);
  private Kind openKind;
  private int openIndex = -1;
  private int nextIndex;
  private boolean started;
  private boolean done;
  private String stopReason;
  private JsonObject usage;

  MessagesStreamWriter(String requestedModel) {
    this.requestedModel = requestedModel;
  }

  @Override
  public String onChunk(JsonObject chunk) {
    if (done || chunk == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    start(chunk, out);
    if (chunk.getValue("usage") instanceof JsonObject u) {
      usage = u;
    }
    JsonArray choices = chunk.getJsonArray("choices");
    if (choices == null || choices.isEmpty()) {
      return out.toString();
    }
    JsonObject choice = choices.getJsonObject(0);
    JsonObject delta = choice.getJsonObject("delta");
    if (delta != null) {
      onDelta(delta, out);
    }
    if (choice.getString("finish_reason") != null) {
      stopReason = StopReasons.map(choice.getString("finish_reason"), choice.getString("native_finish_reason"));
      closeBlock(out);
    }
    return out.toString();
  }

  /** MT3-MT5: reasoning, signatures, text and tool calls, in the order the delta lists them. */
  private void onDelta(JsonObject delta, StringBuilder out) {
    if (delta.getValue("reasoning_content") instanceof String reasoning && !reasoning.isEmpty()) {
      open(Kind.THINKING, new JsonObject().put("type", "thinking").put("thinking", "").put("signature", ""), out);
      blockDelta(new JsonObject().put("type", "thinking_delta").put("thinking", reasoning), out);
    }
    if (delta.getValue("thinking_blocks") instanceof JsonArray blocks) {
      blocks.forEach(b -> thinkingBlock((JsonObject) b, out));
    }
    if (delta.getValue("content") instanceof String text && !text.isEmpty()) {
      open(Kind.TEXT, new JsonObject().put("type", "text").put("text", ""), out);
      blockDelta(new JsonObject().put("type", "text_delta").put("text", text), out);
    }
    if (delta.getValue("tool_calls") instanceof JsonArray calls) {
      calls.forEach(c -> toolCall((JsonObject) c, out));
    }
  }

  /** MT4: a signature closes the thinking it signs ({@code signature_delta}); redacted thinking is a block alone. */
  private void thinkingBlock(JsonObject block, StringBuilder out) {
    if ("redacted_thinking".equals(block.getString("type"))) {
      closeBlock(out);
      int index = nextIndex++;
      out.append(frame("content_block_start", new JsonObject().put("type", "content_block_start").put("index", index)
        .put("content_block", new JsonObject().put("type", "redacted_thinking").put("data", block.getString("data")))));
      out.append(frame("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", index)));
      return;
    }
    String thinking = block.getString("thinking", "");
    String signature = block.getString("signature", "");
    if (thinking.isEmpty() && signature.isEmpty()) {
      return;
    }
    open(Kind.THINKING, new JsonObject().put("type", "thinking").put("thinking", "").put("signature", ""), out);
    if (!thinking.isEmpty()) {
      blockDelta(new JsonObject().put("type", "thinking_delta").put("thinking", thinking), out);
    }
    if (!signature.isEmpty()) {
      blockDelta(new JsonObject().put("type", "signature_delta").put("signature", signature), out);
    }
  }

  /**
   * MT5: a call's first delta opens its tool_use block ({@code input: {}}); its argument fragments follow as
   * {@code input_json_delta}, empty ones skipped; a repeated id or name on later deltas opens nothing new.
   */
  private void toolCall(JsonObject call, StringBuilder out) {
    int k = call.getInteger("index", 0);
    JsonObject function = call.getJsonObject("function", new JsonObject());
    Integer index = toolBlocks.get(k);
    if (index == null) {
      closeBlock(out);
      index = nextIndex++;
      toolBlocks.put(k, index);
      openKind = Kind.TOOL;
      openIndex = index;
      String id = call.getString("id");
      JsonObject block = new JsonObject().put("type", "tool_use")
        .put("id", id == null || id.isEmpty() ? "toolu_proxy_" + k : id)
        .put("name", function.getString("name", ""))
        .put("input", new JsonObject());
      out.append(frame("content_block_start", new JsonObject().put("type", "content_block_start").put("index", index)
        .put("content_block", block)));
    }
    String fragment = function.getString("arguments");
    if (fragment != null && !fragment.isEmpty()) {
      out.append(frame("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", index)
        .put("delta", new JsonObject().put("type", "input_json_delta").put("partial_json", fragment))));
    }
  }

  @Override
  public String onDone() {
    if (done) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    start(null, out);
    closeBlock(out);
    done = true;
    JsonObject messageDelta = new JsonObject().put("type", "message_delta")
      .put("delta", new JsonObject().put("stop_reason", stopReason == null ? "end_turn" : stopReason)
        .put("stop_sequence", null))
      .put("usage", AnthropicUsage.from(usage));
    out.append(frame("message_delta", messageDelta));
    out.append(frame("message_stop", new JsonObject().put("type", "message_stop")));
    return out.toString();
  }

  /** MT8: an error ends the stream with Anthropic's {@code event: error}; no message_delta, no message_stop. */
  @Override
  public String onError(JsonObject openAiError) {
    if (done) {
      return "";
    }
    done = true;
    return AnthropicErrors.streamFrameFromOpenAi(openAiError);
  }

  /** MT1: message_start before anything else, whatever the first chunk holds (CLIProxyAPI #561). */
  private void start(JsonObject chunk, StringBuilder out) {
    if (started) {
      return;
    }
    started = true;
    String model = chunk == null ? null : chunk.getString("model");
    JsonObject message = new JsonObject()
      .put("id", MessagesAnswer.messageId(chunk == null ? null : chunk.getString("id")))
      .put("type", "message")
      .put("role", "assistant")
      .put("model", model != null ? model : requestedModel)
      .put("content", new JsonArray())
      .put("stop_reason", null)
      .put("stop_sequence", null)
      .put("usage", AnthropicUsage.from(chunk == null ? null : chunk.getJsonObject("usage")));
    out.append(frame("message_start", new JsonObject().put("type", "message_start").put("message", message)));
  }

  /** Opens a block of this kind unless one is open already (text after text stays one block). */
  private void open(Kind kind, JsonObject contentBlock, StringBuilder out) {
    if (openKind == kind && kind != Kind.TOOL) {
      return;
    }
    closeBlock(out);
    openKind = kind;
    openIndex = nextIndex++;
    out.append(frame("content_block_start", new JsonObject().put("type", "content_block_start")
      .put("index", openIndex).put("content_block", contentBlock)));
  }

  private void blockDelta(JsonObject delta, StringBuilder out) {
    out.append(frame("content_block_delta", new JsonObject().put("type", "content_block_delta")
      .put("index", openIndex).put("delta", delta)));
  }

  private void closeBlock(StringBuilder out) {
    if (openKind == null) {
      return;
    }
    out.append(frame("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", openIndex)));
    openKind = null;
  }

  static String frame(String event, JsonObject data) {
    return "event: " + event + "\ndata: " + data.encode() + "\n\n";
  }
}
