package dev.factoryproxy.dialect;

import io.vertx.core.json.JsonObject;

/**
 * One upstream SSE stream → the SSE text a client reads. One instance per stream, not thread-safe, no I/O: the
 * caller feeds parsed upstream events in order and writes back what it gets. Same contract as the Chat → Messages
 * route's {@code translate.StreamTranslator}, which is the model for every implementation.
 */
public interface StreamTranslation {
  /**
   * One upstream event ({@code event} may be null: then the route's own way of naming events in {@code data}
   * applies). Returns zero or more complete SSE frames to write, {@code ""} when there is nothing to write.
   */
  String onEvent(String event, JsonObject data);

  /**
   * The same event with its {@code data} as received, for pass-throughs that forward unchanged events byte for
   * byte and for routes whose stream ends with a non-JSON {@code data: [DONE]}. The default parses JSON objects
   * and hands anything else (such as {@code [DONE]}) to {@link #onEvent} as {@code null} data.
   */
  default String onRawEvent(String event, String rawData) {
    String trimmed = rawData == null ? "" : rawData.strip();
    return onEvent(event, trimmed.startsWith("{") ? new JsonObject(trimmed) : null);
  }

  /**
   * The same event when the caller has parsed it already (to look for an opening error): {@code data} is
   * {@code rawData} parsed. A pass-through forwards {@code rawData} instead of encoding {@code data} again.
   */
  default String onParsedEvent(String event, JsonObject data, String rawData) {
    return onEvent(event, data);
  }

  /** The upstream body ended: the frames that close the stream (an error frame when it ended too early). */
  String onUpstreamEnd();

  /** The stream is complete (normally or with an error frame); later events are ignored. */
  boolean done();

  /** The stream ended with an error frame. */
  boolean failed();

  /** For the access log: the client-dialect finish reason, null until known. */
  String finishReason();

  /**
   * For the access log and metrics: OpenAI-style usage ({@code prompt_tokens}, {@code completion_tokens}, ...),
   * or null.
   */
  JsonObject usage();
}
