package dev.factoryproxy.route.chat;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.SseFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The Chat route's chunk stream → the hub's (CT1–CT8). The chunks are already Chat Completions chunks, so each is
 * forwarded with only what must change: the client's model and our {@code created}, {@code reasoning} renamed,
 * tool call names repaired, usage held back for one T10-shaped usage chunk at the end.
 */
final class CoreChatStream implements StreamTranslation {
  private final ResponseContext ctx;
  private final List<String> toolNames;
  private String id;
  private JsonObject usage;
  private String finishReason;
  private boolean toolCalls;
  private boolean started;
  private boolean done;
  private boolean failed;

  CoreChatStream(ResponseContext ctx, List<String> toolNames) {
    this.ctx = ctx;
    this.toolNames = toolNames;
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    if (done) {
      return "";
    }
    if (data == null) {
      return onDone(); // CT6: data: [DONE]
    }
    if (data.getValue("error") != null) {
      return fail(CoreChatErrors.streamError(data)); // CT7
    }
    return onChunk(data);
  }

  @Override
  public String onUpstreamEnd() {
    if (done) {
      return "";
    }
    // CT8: a finished answer whose [DONE] went missing is complete; anything earlier is a truncated stream
    return finishReason != null ? onDone() : fail(OpenAiErrors.body(
      "The upstream stream ended before the response was complete", "api_error", null, "stream_truncated"));
  }

  private String onChunk(JsonObject chunk) {
    if (chunk.getValue("usage") instanceof JsonObject u) {
      usage = CoreChatAnswers.usage(u); // CT3: kept for the usage chunk at the end
    }
    if (!(chunk.getValue("choices") instanceof JsonArray choices) || choices.isEmpty()) {
      return ""; // CT3: the route's own usage-only chunk
    }
    if (id == null) {
      id = chunk.getValue("id") instanceof String s && !s.isEmpty() ? s : "chatcmpl-" + ctx.created();
    }
    JsonArray outChoices = new JsonArray();
    for (Object item : choices) {
      if (item instanceof JsonObject choice) {
        outChoices.add(choice(choice.copy()));
      }
    }
    JsonObject out = header().put("choices", outChoices);
    if (ctx.includeUsage()) {
      out.put("usage", null); // T10 shape: null on every chunk, the numbers in the last one
    }
    return SseFrames.data(out.encode());
  }

  /** CT2, CT4, CT5: role on the first delta, reasoning renamed, tool calls repaired, finish reason mapped. */
  private JsonObject choice(JsonObject choice) {
    JsonObject delta = choice.getValue("delta") instanceof JsonObject d ? d : new JsonObject();
    if (!started) {
      started = true;
      delta.put("role", "assistant");
    }
    CoreChatAnswers.normaliseReasoning(delta);
    if (delta.getValue("tool_calls") instanceof JsonArray calls && !calls.isEmpty()) {
      toolCalls = true;
      calls.forEach(call -> repairCallDelta((JsonObject) call));
    }
    choice.put("index", 0).put("delta", delta);
    if (choice.getValue("finish_reason") instanceof String reason) {
      finishReason = CoreChatAnswers.finishReason(reason, toolCalls);
      choice.put("finish_reason", finishReason);
    } else {
      choice.put("finish_reason", null);
    }
    return choice;
  }

  /** CT5: only the first delta of a call names it; that name is repaired and embedded arguments come with it. */
  private void repairCallDelta(JsonObject call) {
    if (!(call.getValue("function") instanceof JsonObject function) || function.getString("name") == null) {
      return;
    }
    CoreChatAnswers.RepairedName repaired = CoreChatAnswers.repairName(function.getString("name"), toolNames);
    function.put("name", repaired.name());
    if (repaired.embeddedArguments() != null) {
      String sent = function.getValue("arguments") instanceof String a ? a : "";
      function.put("arguments", sent.isBlank() ? repaired.embeddedArguments() : sent);
    }
    call.put("type", "function");
  }

  private String onDone() {
    if (!started) {
      return fail(OpenAiErrors.body("The upstream stream ended without an answer", "api_error", null,
        "stream_truncated"));
    }
    StringBuilder frames = new StringBuilder();
    if (finishReason == null) { // CT6: the client still gets a finish reason before [DONE]
      finishReason = CoreChatAnswers.finishReason(null, toolCalls);
      JsonObject choice = new JsonObject().put("index", 0).put("delta", new JsonObject())
        .put("logprobs", null).put("finish_reason", finishReason);
      JsonObject chunk = header().put("choices", new JsonArray().add(choice));
      if (ctx.includeUsage()) {
        chunk.put("usage", null);
      }
      frames.append(SseFrames.data(chunk.encode()));
    }
    if (ctx.includeUsage()) {
      JsonObject last = usage != null ? usage : CoreChatAnswers.usage(new JsonObject());
      frames.append(SseFrames.data(header().put("choices", new JsonArray()).put("usage", last).encode()));
    }
    done = true;
    return frames.append(SseFrames.DONE).toString();
  }

  private String fail(JsonObject errorBody) {
    done = true;
    failed = true;
    return OpenAiErrors.streamFrame(errorBody);
  }

  /** CT1: the route's id, our created, the client's model. */
  private JsonObject header() {
    return new JsonObject()
      .put("id", id)
      .put("object", "chat.completion.chunk")
      .put("created", ctx.created())
      .put("model", ctx.model())
      .put("system_fingerprint", null);
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
}
