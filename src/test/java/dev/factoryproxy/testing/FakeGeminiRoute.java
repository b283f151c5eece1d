package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A local stand-in for Factory's Gemini generate route ({@code POST /api/llm/g/v1/generate}), as strict as
 * {@link GeminiRules} says. Valid requests always get an SSE stream of GenerateContentResponse chunks (the route
 * streams whatever the request asks), without {@code [DONE]} unless scripted.
 */
public final class FakeGeminiRoute extends RouteFake {
  public static final String PATH = "/api/llm/g/v1/generate";
  public static final String SIGNATURE = "sig-fake-gemini";

  private volatile Reply defaultReply = text("ok");

  private FakeGeminiRoute(Vertx vertx) {
    super(vertx, PATH);
  }

  public static Future<FakeGeminiRoute> start(Vertx vertx) {
    FakeGeminiRoute fake = new FakeGeminiRoute(vertx);
    return fake.listen(fake);
  }

  public FakeGeminiRoute enqueue(Reply reply) {
    script(reply);
    return this;
  }

  public FakeGeminiRoute setDefault(Reply reply) {
    defaultReply = reply;
    return this;
  }

  @Override
  void validate(MultiMap headers, JsonObject body) {
    GeminiRules.checkBody(body);
    GeminiRules.checkHeaders(headers);
  }

  @Override
  Reply defaultReply() {
    return defaultReply;
  }

  @Override
  Refusal unauthenticated() {
    return GeminiRules.refusal(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
  }

  // ---- replies ----

  /** Text in two chunks, then a signature-only part with STOP and usage (as Gemini 3 ends a turn). */
  public static Reply text(String text) {
    int half = text.length() / 2;
    return chunks(List.of(
      chunk(new JsonArray().add(new JsonObject().put("text", text.substring(0, half))), null, null),
      chunk(new JsonArray().add(new JsonObject().put("text", text.substring(half))), null, null),
      chunk(new JsonArray().add(new JsonObject().put("text", "").put("thoughtSignature", SIGNATURE)), "STOP",
        usage())), false);
  }

  /** A thought summary, then one call of {@code name} with {@code args} carrying the signature, STOP and usage. */
  public static Reply functionCall(String name, JsonObject args) {
    return chunks(List.of(
      chunk(new JsonArray().add(new JsonObject().put("text", "Need a tool.").put("thought", true)), null, null),
      chunk(new JsonArray().add(new JsonObject().put("functionCall", new JsonObject().put("name", name)
        .put("args", args)).put("thoughtSignature", SIGNATURE)), "STOP", usage())), false);
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

  /** One GenerateContentResponse chunk of candidate 0. */
  public static JsonObject chunk(JsonArray parts, String finishReason, JsonObject usageMetadata) {
    JsonObject candidate = new JsonObject().put("content", new JsonObject().put("role", "model").put("parts", parts))
      .put("index", 0);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    JsonObject chunk = new JsonObject().put("candidates", new JsonArray().add(candidate))
      .put("responseId", "resp-fake-1").put("modelVersion", "gemini-3.1-pro-preview");
    return usageMetadata == null ? chunk : chunk.put("usageMetadata", usageMetadata);
  }

  public static JsonObject usage() {
    return new JsonObject().put("promptTokenCount", 21).put("candidatesTokenCount", 4).put("thoughtsTokenCount", 5)
      .put("totalTokenCount", 30);
  }
}
