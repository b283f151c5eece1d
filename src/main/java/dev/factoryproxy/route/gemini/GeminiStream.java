package dev.factoryproxy.route.gemini;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.SseFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Gemini's SSE chunks ({@code data:} lines of GenerateContentResponse) → hub chunks (GT1–GT7). One instance per
 * stream, not thread-safe, no I/O.
 */
final class GeminiStream implements StreamTranslation {
  private final ResponseContext ctx;
  private JsonObject first;
  private String id;
  private JsonObject usageMetadata;
  private String nativeReason;
  private int toolCalls;
  private boolean done;
  private boolean failed;
  private String finishReason;

  GeminiStream(ResponseContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    if (done) {
      return "";
    }
    if (data == null) {
      return end(); // GT6: a [DONE] the route may send
    }
    if (data.getValue("error") != null) {
      return fail(GeminiErrors.streamError(data)); // GT7
    }
    StringBuilder frames = new StringBuilder();
    if (first == null) {
      first = data;
      id = GeminiAnswers.completionId(data, ctx);
      frames.append(chunk(new JsonObject().put("role", "assistant").put("content", ""))); // GT1
    }
    if (data.getValue("usageMetadata") instanceof JsonObject u) {
      usageMetadata = u; // GT5: cumulative: the latest wins
    }
    JsonObject candidate = GeminiAnswers.firstCandidate(data);
    for (Object item : GeminiAnswers.parts(candidate)) {
      if (item instanceof JsonObject part) {
        frames.append(part(part));
      }
    }
    String reason = GeminiAnswers.nativeFinishReason(data, candidate);
    if (reason != null) {
      nativeReason = reason;
    }
    return frames.toString();
  }

  /** GT2–GT4: thought text → reasoning_content, text → content, a call whole in one delta, a signature as a block. */
  private String part(JsonObject part) {
    StringBuilder frames = new StringBuilder();
    String callId = null;
    if (part.getValue("functionCall") instanceof JsonObject call) {
      callId = GeminiAnswers.callId(first, ctx, toolCalls);
      JsonObject delta = new JsonObject().put("index", toolCalls++).mergeIn(GeminiAnswers.toolCall(callId, call));
      frames.append(chunk(new JsonObject().put("tool_calls", new JsonArray().add(delta))));
    } else if (part.getValue("text") instanceof String text && !text.isEmpty()) {
      String field = Boolean.TRUE.equals(part.getValue("thought")) ? "reasoning_content" : "content";
      frames.append(chunk(new JsonObject().put(field, text)));
    }
    if (part.getValue("thoughtSignature") instanceof String signature && !signature.isEmpty()) {
      frames.append(chunk(new JsonObject().put("thinking_blocks",
        new JsonArray().add(GeminiAnswers.signatureBlock(signature, callId)))));
    }
    return frames.toString();
  }

  /** GT6: the end of the body (or [DONE]) after a finish reason: finish chunk, usage chunk, [DONE]. */
  @Override
  public String onUpstreamEnd() {
    return done ? "" : end();
  }

  private String end() {
    if (nativeReason == null) {
      return fail(OpenAiErrors.body("The upstream stream ended before the response was complete", "api_error",
        null, "stream_truncated"));
    }
    finishReason = GeminiAnswers.finishReason(nativeReason, toolCalls > 0);
    JsonObject choice = new JsonObject().put("index", 0).put("delta", new JsonObject()).put("logprobs", null)
      .put("finish_reason", finishReason).put("native_finish_reason", nativeReason);
    JsonObject finish = header().put("choices", new JsonArray().add(choice));
    if (ctx.includeUsage()) {
      finish.put("usage", null);
    }
    StringBuilder frames = new StringBuilder(SseFrames.data(finish.encode()));
    if (ctx.includeUsage()) {
      frames.append(SseFrames.data(header().put("choices", new JsonArray()).put("usage", usage()).encode()));
    }
    done = true;
    return frames.append(SseFrames.DONE).toString();
  }

  private String fail(JsonObject errorBody) {
    done = true;
    failed = true;
    return OpenAiErrors.streamFrame(errorBody);
  }

  private String chunk(JsonObject delta) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("logprobs", null)
      .put("finish_reason", null);
    JsonObject chunk = header().put("choices", new JsonArray().add(choice));
    if (ctx.includeUsage()) {
      chunk.put("usage", null);
    }
    return SseFrames.data(chunk.encode());
  }

  private JsonObject header() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", ctx.created())
      .put("model", ctx.model()).put("system_fingerprint", null);
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
    return usageMetadata == null ? null : GeminiAnswers.usage(usageMetadata);
  }
}
