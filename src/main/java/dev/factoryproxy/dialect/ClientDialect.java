package dev.factoryproxy.dialect;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How one kind of client speaks to the proxy (OpenAI Chat Completions, Anthropic Messages, OpenAI Responses), with
 * the hub form (a Chat Completions request and answer) on the other side. Pure: no I/O.
 *
 * <p>A cross-dialect request goes client → hub → route, its answer route → hub → client; a same-dialect pair uses a
 * {@link PassThrough} instead and never sees the hub.
 */
public interface ClientDialect {
  /** {@code chat}, {@code messages} or {@code responses}: metrics label and bus value. */
  String name();

  /**
   * True only for the Chat Completions dialect, whose requests, answers and streams are the hub form itself: a
   * pipeline then hands them to the route as they are, with no conversion (and no re-encoding of stream frames).
   */
  default boolean isHub() {
    return false;
  }

  /** The hub request for a client request, and what rendering the answer needs. */
  record HubRequest(JsonObject chatRequest, JsonObject clientContext, List<String> warnings) {
  }

  /**
   * Validates and translates a client request. A malformed field throws
   * {@link dev.factoryproxy.translate.InvalidRequestException} naming its JSON path in the client's request.
   */
  HubRequest toChat(JsonObject clientRequest);

  /** The hub's complete answer ({@code chat.completion}) → this dialect's answer. */
  JsonObject fromChat(JsonObject chatCompletion, JsonObject clientContext);

  /** The hub's stream (parsed {@code chat.completion.chunk} objects) → this dialect's SSE text. */
  ClientStream fromChatStream(JsonObject clientContext);

  /**
   * An OpenAI-shaped error ({@code {"error":{message,type,param,code}}}, the hub's form) → this dialect's error
   * body for the same HTTP status.
   */
  JsonObject errorBody(int status, JsonObject openAiError);

  /** The same error as this dialect's mid-stream error frame (complete SSE text). */
  String streamErrorFrame(JsonObject openAiError);

  /** One hub stream rendered for a client. One instance per stream, not thread-safe. */
  interface ClientStream {
    /** One chat chunk → zero or more complete SSE frames of this dialect. */
    String onChunk(JsonObject chatChunk);

    /** The hub stream ended normally ({@code [DONE]}): the closing frames. */
    String onDone();

    /** The hub stream ended with an error frame (OpenAI-shaped body): this dialect's closing error frames. */
    String onError(JsonObject openAiError);
  }
}
