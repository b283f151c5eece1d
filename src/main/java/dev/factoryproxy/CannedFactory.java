package dev.factoryproxy;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The upstream of the start-up cache's training run ({@link CdsTraining}): answers, by path, as Factory's Messages,
 * Responses ({@code /api/llm/o/v1/responses}) and Chat ({@code /api/llm/o/v1/chat/completions}) routes with one
 * short text, as JSON or as that route's stream. It validates nothing: it only has to make the proxy run the code
 * of every route and dialect, so that the cache holds those classes and, on JDK 25, their method profiles.
 */
final class CannedFactory {
  static final String TEXT = "Hello";

  private CannedFactory() {
  }

  static void answer(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      boolean stream = body.toJsonObject().getBoolean("stream", false);
      String path = req.path();
      String answer;
      if (path.endsWith("/responses")) {
        answer = stream ? responsesStream() : response("completed", new JsonArray().add(outputItem(true))).encode();
      } else if (path.endsWith("/chat/completions")) {
        answer = stream ? chatStream() : chatCompletion().encode();
      } else {
        answer = stream ? messagesStream() : message().encode();
      }
      req.response().putHeader("content-type", stream ? "text/event-stream" : "application/json").end(answer);
    });
  }

  private static JsonObject message() {
    return new JsonObject().put("id", "msg_training").put("type", "message").put("role", "assistant")
      .put("model", "claude-sonnet-4-5-20250929").put("stop_reason", "end_turn")
      .put("usage", new JsonObject().put("input_tokens", 3).put("output_tokens", 2))
      .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", TEXT)));
  }

  private static String messagesStream() {
    JsonObject start = message().put("content", new JsonArray()).putNull("stop_reason");
    StringBuilder sse = new StringBuilder();
    event(sse, "message_start", new JsonObject().put("type", "message_start").put("message", start));
    event(sse, "content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
      .put("content_block", new JsonObject().put("type", "text").put("text", "")));
    event(sse, "content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
      .put("delta", new JsonObject().put("type", "text_delta").put("text", TEXT)));
    event(sse, "content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0));
    event(sse, "message_delta", new JsonObject().put("type", "message_delta")
      .put("delta", new JsonObject().put("stop_reason", "end_turn"))
      .put("usage", new JsonObject().put("output_tokens", 2)));
    event(sse, "message_stop", new JsonObject().put("type", "message_stop"));
    return sse.toString();
  }

  private static JsonObject response(String status, JsonArray output) {
    return new JsonObject().put("id", "resp_training").put("object", "response").put("created_at", 1700000000)
      .put("status", status).put("model", "gpt-5.4").put("output", output)
      .put("usage", !status.equals("completed") ? null : new JsonObject().put("input_tokens", 3)
        .put("output_tokens", 2).put("total_tokens", 5));
  }

  private static JsonObject outputText() {
    return new JsonObject().put("type", "output_text").put("text", TEXT).put("annotations", new JsonArray());
  }

  private static JsonObject outputItem(boolean done) {
    return new JsonObject().put("type", "message").put("id", "msg_training")
      .put("status", done ? "completed" : "in_progress").put("role", "assistant")
      .put("content", done ? new JsonArray().add(outputText()) : new JsonArray());
  }

  private static String responsesStream() {
    StringBuilder sse = new StringBuilder();
    int seq = 0;
    JsonObject opening = response("in_progress", new JsonArray());
    responsesEvent(sse, seq++, "response.created", new JsonObject().put("response", opening));
    responsesEvent(sse, seq++, "response.in_progress", new JsonObject().put("response", opening));
    responsesEvent(sse, seq++, "response.output_item.added", new JsonObject().put("output_index", 0)
      .put("item", outputItem(false)));
    responsesEvent(sse, seq++, "response.content_part.added", part()
      .put("part", outputText().put("text", "")));
    responsesEvent(sse, seq++, "response.output_text.delta", part().put("delta", TEXT));
    responsesEvent(sse, seq++, "response.output_text.done", part().put("text", TEXT));
    responsesEvent(sse, seq++, "response.content_part.done", part().put("part", outputText()));
    responsesEvent(sse, seq++, "response.output_item.done", new JsonObject().put("output_index", 0)
      .put("item", outputItem(true)));
    responsesEvent(sse, seq, "response.completed", new JsonObject()
      .put("response", response("completed", new JsonArray().add(outputItem(true)))));
    return sse.toString();
  }

  private static JsonObject part() {
    return new JsonObject().put("item_id", "msg_training").put("output_index", 0).put("content_index", 0);
  }

  private static void responsesEvent(StringBuilder sse, int seq, String type, JsonObject fields) {
    event(sse, type, new JsonObject().put("type", type).mergeIn(fields).put("sequence_number", seq));
  }

  private static JsonObject chatCompletion() {
    return chatHead("chat.completion").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("message", new JsonObject().put("role", "assistant").put("content", TEXT))
        .put("finish_reason", "stop")))
      .put("usage", chatUsage());
  }

  private static JsonObject chatHead(String object) {
    return new JsonObject().put("id", "chatcmpl-training").put("object", object).put("created", 1700000000)
      .put("model", "glm-5");
  }

  private static JsonObject chatUsage() {
    return new JsonObject().put("prompt_tokens", 3).put("completion_tokens", 2).put("total_tokens", 5);
  }

  private static String chatStream() {
    StringBuilder sse = new StringBuilder();
    chatChunk(sse, new JsonObject().put("role", "assistant").put("content", ""), null);
    chatChunk(sse, new JsonObject().put("content", TEXT), null);
    chatChunk(sse, new JsonObject(), "stop");
    JsonObject usage = chatHead("chat.completion.chunk").put("choices", new JsonArray()).put("usage", chatUsage());
    sse.append("data: ").append(usage.encode()).append("\n\n").append("data: [DONE]\n\n");
    return sse.toString();
  }

  private static void chatChunk(StringBuilder sse, JsonObject delta, String finish) {
    JsonObject chunk = chatHead("chat.completion.chunk").put("choices", new JsonArray().add(new JsonObject()
      .put("index", 0).put("delta", delta).put("finish_reason", finish)));
    sse.append("data: ").append(chunk.encode()).append("\n\n");
  }

  private static void event(StringBuilder sse, String name, JsonObject data) {
    sse.append("event: ").append(name).append("\ndata: ").append(data.encode()).append("\n\n");
  }
}
