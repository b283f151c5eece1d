package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for Factory's Chat route ({@code POST /api/llm/o/v1/chat/completions}, the Droid Core models),
 * as strict as {@link CoreChatRules} says: invalid requests get OpenAI-shaped errors, valid ones the next scripted
 * reply (a chat.completion, or its chunks ending with {@code data: [DONE]} when the request streams).
 */
public final class FakeCoreChatRoute extends RouteFake {
  public static final String PATH = "/api/llm/o/v1/chat/completions";

  private final Map<String, String> providers = new ConcurrentHashMap<>();
  private volatile Reply defaultReply = text("ok");

  private FakeCoreChatRoute(Vertx vertx) {
    super(vertx, PATH);
  }

  public static Future<FakeCoreChatRoute> start(Vertx vertx) {
    FakeCoreChatRoute fake = new FakeCoreChatRoute(vertx);
    return fake.listen(fake);
  }

  /** The {@code x-api-provider} this model must come with (default {@code fireworks}). */
  public FakeCoreChatRoute expectProvider(String model, String provider) {
    providers.put(model, provider);
    return this;
  }

  public FakeCoreChatRoute enqueue(Reply reply) {
    script(reply);
    return this;
  }

  public FakeCoreChatRoute setDefault(Reply reply) {
    defaultReply = reply;
    return this;
  }

  @Override
  void validate(MultiMap headers, JsonObject body) {
    CoreChatRules.checkBody(body);
    CoreChatRules.checkHeaders(headers, providers.getOrDefault(body.getString("model"), "fireworks"));
  }

  @Override
  Reply defaultReply() {
    return defaultReply;
  }

  @Override
  Refusal unauthenticated() {
    return CoreChatRules.refusal(401, "authentication_error", "Invalid bearer token");
  }

  // ---- replies ----

  /** An assistant text answer, finish {@code stop}, usage 20 in / 5 out. */
  public static Reply text(String text) {
    return message(new JsonObject().put("role", "assistant").put("content", text), "stop");
  }

  /**
   * This assistant message as a chat.completion, or as its chunks when the request streams: role, reasoning
   * (under {@code reasoning_content}), content, one delta per tool call, the finish chunk, usage, {@code [DONE]}.
   */
  public static Reply message(JsonObject message, String finishReason) {
    JsonObject copy = message.copy();
    return Reply.custom(200, exchange -> {
      String model = exchange.requestedModel();
      if (exchange.streamRequested()) {
        exchange.stream(streamOf(copy, finishReason, model), false);
      } else {
        exchange.sendJson(200, completion(copy, finishReason, model), Map.of());
      }
    });
  }

  /** Exactly these chunks as {@code data:} frames, then {@code data: [DONE]} when {@code done}. */
  public static Reply chunks(List<JsonObject> chunks, boolean done) {
    List<SseEvent> events = new ArrayList<>();
    chunks.forEach(chunk -> events.add(new SseEvent(null, chunk.encode())));
    if (done) {
      events.add(new SseEvent(null, "[DONE]"));
    }
    return Reply.events(events);
  }

  static JsonObject completion(JsonObject message, String finishReason, String model) {
    return new JsonObject().put("id", "chatcmpl-fake-1").put("object", "chat.completion").put("created", 1)
      .put("model", model)
      .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
        .put("finish_reason", finishReason)))
      .put("usage", usage());
  }

  private static List<SseEvent> streamOf(JsonObject message, String finishReason, String model) {
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
    List<SseEvent> events = new ArrayList<>();
    for (JsonObject delta : deltas) {
      events.add(new SseEvent(null, chunk(model, delta, null).encode()));
    }
    events.add(new SseEvent(null, chunk(model, new JsonObject(), finishReason).encode()));
    events.add(new SseEvent(null, chunkEnvelope(model).put("choices", new JsonArray()).put("usage", usage()).encode()));
    events.add(new SseEvent(null, "[DONE]"));
    return events;
  }

  /** One streamed chunk as the route sends it. */
  public static JsonObject chunk(String model, JsonObject delta, String finishReason) {
    return chunkEnvelope(model).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
      .put("delta", delta).put("finish_reason", finishReason)));
  }

  private static JsonObject chunkEnvelope(String model) {
    return new JsonObject().put("id", "chatcmpl-fake-1").put("object", "chat.completion.chunk").put("created", 1)
      .put("model", model);
  }

  private static JsonObject usage() {
    return new JsonObject().put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
  }
}
