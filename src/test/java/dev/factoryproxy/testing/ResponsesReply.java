package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What {@link FakeResponsesRoute} answers to one valid request. Build with the static factories. */
public final class ResponsesReply {
  private final int status;
  private final Consumer<Exchange> answer;

  private ResponsesReply(int status, Consumer<Exchange> answer) {
    this.status = status;
    this.answer = answer;
  }

  /**
   * A 200 with this Responses object, or its event stream ({@link ResponsesEvents}) when the request has
   * {@code "stream":true}. A null {@code model} is filled with the request's model.
   */
  public static ResponsesReply response(JsonObject response) {
    JsonObject copy = response.copy();
    return new ResponsesReply(200, exchange -> {
      JsonObject answered = copy.copy();
      if (answered.getValue("model") == null) {
        answered.put("model", exchange.requestedModel());
      }
      if (exchange.streamRequested()) {
        exchange.stream(ResponsesEvents.of(answered), false);
      } else {
        exchange.sendJson(200, answered, Map.of());
      }
    });
  }

  /** One output_text message, status completed, usage 20 in (5 cached) / 10 out. */
  public static ResponsesReply text(String text) {
    return response(textResponse(text));
  }

  /** Exactly these events (a 200 {@code text/event-stream}). */
  public static ResponsesReply events(List<SseEvent> events) {
    List<SseEvent> copy = List.copyOf(events);
    return new ResponsesReply(200, exchange -> exchange.stream(copy, false));
  }

  /** These events, then the connection drops: a truncated stream. */
  public static ResponsesReply closeAfter(List<SseEvent> events) {
    List<SseEvent> copy = List.copyOf(events);
    return new ResponsesReply(200, exchange -> exchange.stream(copy, true));
  }

  public static ResponsesReply error(int status, JsonObject body, Map<String, String> headers) {
    JsonObject bodyCopy = body.copy();
    Map<String, String> headersCopy = Map.copyOf(headers);
    return new ResponsesReply(status, exchange -> exchange.sendJson(status, bodyCopy, headersCopy));
  }

  /** A Responses object with one assistant message holding {@code text}. */
  public static JsonObject textResponse(String text) {
    JsonObject message = new JsonObject().put("type", "message").put("id", "msg_fake_1").put("status", "completed")
      .put("role", "assistant").put("content", new JsonArray().add(new JsonObject().put("type", "output_text")
        .put("text", text).put("annotations", new JsonArray())));
    return new JsonObject().put("id", "resp_fake_1").put("object", "response").put("created_at", 1_700_000_000)
      .put("status", "completed").putNull("error").putNull("incomplete_details").putNull("model")
      .put("output", new JsonArray().add(message))
      .put("usage", new JsonObject().put("input_tokens", 20)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", 5))
        .put("output_tokens", 10).put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0))
        .put("total_tokens", 30));
  }

  int status() {
    return status;
  }

  void answer(Exchange exchange) {
    answer.accept(exchange);
  }
}
