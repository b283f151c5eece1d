package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What the fake answers to one valid request. Build with the static factories. */
public final class Reply {
  /** Text and thinking blocks of an auto-converted stream arrive in this many deltas. */
  private static final int STREAMED_TEXT_PIECES = 2;
  private static final int NEVER_ANSWERED = 0;

  private final int status;
  private final Consumer<Exchange> answer;

  private Reply(int status, Consumer<Exchange> answer) {
    this.status = status;
    this.answer = answer;
  }

  /**
   * A 200 with this Anthropic message, or, when the request has {@code "stream":true}, the SSE events that
   * stream it. A null {@code model} is filled with the request's model, as the real API echoes it.
   */
  public static Reply message(JsonObject anthropicMessage) {
    JsonObject message = anthropicMessage.copy();
    return new Reply(200, exchange -> answerMessage(exchange, message, STREAMED_TEXT_PIECES, 0, false));
  }

  /** A message with one text block, stop_reason end_turn, usage 25 in / 15 out. */
  public static Reply text(String text) {
    return message(textMessage(text));
  }

  /** Exactly these SSE events (a 200 {@code text/event-stream}), whatever the request asked for. */
  public static Reply events(List<SseEvent> events) {
    List<SseEvent> copy = List.copyOf(events);
    return new Reply(200, exchange -> exchange.stream(copy, false));
  }

  /** Exactly the {@code event:}/{@code data:} pairs of {@code rawSse}, without delays. */
  public static Reply events(String rawSse) {
    return events(SseEvent.parse(rawSse));
  }

  /** These events, then the connection is dropped: a truncated stream (T14). */
  public static Reply closeAfter(List<SseEvent> events) {
    List<SseEvent> copy = List.copyOf(events);
    return new Reply(200, exchange -> exchange.stream(copy, true));
  }

  /** A streamed text message whose text arrives in {@code pieces} deltas, one every {@code intervalMs}. */
  public static Reply drip(String text, int pieces, long intervalMs) {
    JsonObject message = textMessage(text);
    return new Reply(200, exchange -> answerMessage(exchange, message, pieces, intervalMs, true));
  }

  public static Reply error(int status, JsonObject body) {
    return error(status, body, Map.of());
  }

  public static Reply error(int status, JsonObject body, Map<String, String> headers) {
    JsonObject bodyCopy = body.copy();
    Map<String, String> headersCopy = Map.copyOf(headers);
    return new Reply(status, exchange -> exchange.sendJson(status, bodyCopy, headersCopy));
  }

  /** This JSON body with this status, e.g. the count route's {@code {"input_tokens":N}}. */
  public static Reply json(int status, JsonObject body) {
    return error(status, body);
  }

  /** Any body, e.g. Cloudflare's HTML 413 page (E2). */
  public static Reply raw(int status, String contentType, String body) {
    return new Reply(status, exchange -> exchange.sendText(status, contentType, body));
  }

  /** Closes the connection before sending a single byte of an answer: the client sees a connection error. */
  public static Reply dropConnection() {
    return new Reply(NEVER_ANSWERED, Exchange::dropConnection);
  }

  /** These events, then silence with the connection open: a stream that stalls (the client's idle timeout ends it). */
  public static Reply stallAfter(List<SseEvent> events) {
    List<SseEvent> copy = List.copyOf(events);
    return new Reply(200, exchange -> exchange.streamThenStall(copy));
  }

  /** These events, then {@code garbage} as raw bytes on the stream (not SSE, or data that is not JSON), then the end. */
  public static Reply corruptAfter(List<SseEvent> events, String garbage) {
    List<SseEvent> copy = List.copyOf(events);
    return new Reply(200, exchange -> exchange.streamThenRaw(copy, garbage));
  }

  /** Accepts the request and never answers, until the client closes the connection. */
  public static Reply hang() {
    return new Reply(NEVER_ANSWERED, exchange -> {
      // nothing to send: the exchange ends when the client leaves
    });
  }

  /**
   * A streamed text message whose first text delta is sent at once and the rest only after {@code gate}
   * completes: a test completes the gate when its client has seen the first text, which proves incremental
   * delivery without timing anything.
   */
  public static Reply gated(String first, io.vertx.core.Future<Void> gate, String rest) {
    JsonObject message = textMessage(first + rest).put("model", "claude-sonnet-4-5-20250929");
    List<SseEvent> all = MessageStream.events(message, 1, 0);
    // all = message_start, content_block_start, ping, one text_delta, content_block_stop, message_delta, message_stop
    int delta = 3;
    List<SseEvent> before = new java.util.ArrayList<>(all.subList(0, delta));
    before.add(textDelta(first));
    List<SseEvent> after = new java.util.ArrayList<>();
    after.add(textDelta(rest));
    after.addAll(all.subList(delta + 1, all.size()));
    return new Reply(200, exchange -> exchange.streamGated(before, gate, after));
  }

  /**
   * A stream of {@code deltas} text deltas of about {@code size} characters each ("#00042|xxx…"), written as fast
   * as the connection takes them; {@code written} counts those sent so far.
   */
  public static Reply flood(int deltas, int size, java.util.concurrent.atomic.AtomicInteger written) {
    JsonObject message = textMessage("x").put("model", "claude-sonnet-4-5-20250929");
    List<SseEvent> all = MessageStream.events(message, 1, 0);
    int delta = 3; // message_start, content_block_start, ping come first
    String filler = "x".repeat(Math.max(0, size - 7));
    java.util.Iterator<SseEvent> generated = java.util.stream.IntStream.range(0, deltas)
      .mapToObj(i -> textDelta(String.format("#%05d|", i) + filler)).iterator();
    return new Reply(200, exchange -> exchange.flood(all.subList(0, delta), generated,
      all.subList(delta + 1, all.size()), written));
  }

  private static SseEvent textDelta(String text) {
    return SseEvent.of(new JsonObject().put("type", "content_block_delta").put("index", 0)
      .put("delta", new JsonObject().put("type", "text_delta").put("text", text)));
  }

  /**
   * The opening of a streamed text answer: {@code message_start}, the text block's start and one delta with
   * {@code text}; what a client has already received when a stream breaks after it.
   */
  public static List<SseEvent> streamOpening(String text) {
    JsonObject message = textMessage(text).put("model", "claude-sonnet-4-5-20250929");
    return List.copyOf(MessageStream.events(message, 1, 0).subList(0, 4)); // start, block start, ping, one delta
  }

  /** Any answer written through the exchange, for the route fakes' own reply shapes. */
  static Reply custom(int status, Consumer<Exchange> answer) {
    return new Reply(status, answer);
  }

  /** The HTTP status answered; 0 when the fake never answers. */
  int status() {
    return status;
  }

  void answer(Exchange exchange) {
    answer.accept(exchange);
  }

  private static void answerMessage(Exchange exchange, JsonObject message, int textPieces, long deltaDelayMs,
                                    boolean alwaysStream) {
    JsonObject answered = message.copy();
    if (answered.getValue("model") == null) {
      answered.put("model", exchange.requestedModel());
    }
    if (alwaysStream || exchange.streamRequested()) {
      exchange.stream(MessageStream.events(answered, textPieces, deltaDelayMs), false);
    } else {
      exchange.sendJson(200, answered, Map.of());
    }
  }

  private static JsonObject textMessage(String text) {
    return new JsonObject()
      .put("id", "msg_fake_text")
      .put("type", "message")
      .put("role", "assistant")
      .put("model", null)
      .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
      .put("stop_reason", "end_turn")
      .put("stop_sequence", null)
      .put("usage", new JsonObject().put("input_tokens", 25).put("output_tokens", 15));
  }
}
