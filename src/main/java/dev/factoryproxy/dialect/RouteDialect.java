package dev.factoryproxy.dialect;

import dev.factoryproxy.config.Route;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * One Factory route, seen from the hub: the proxy's internal form is an OpenAI Chat Completions request and answer
 * (with the {@code reasoning_content} / {@code thinking_blocks} extensions the Chat → Messages route already uses),
 * and each route translates between that form and its own wire format. Pure: no I/O.
 *
 * <p>Implementations: the Messages route (today's {@code translate} package), the Responses route, the Chat route
 * (Droid Core models, mostly an adaptation) and the Gemini route.
 */
public interface RouteDialect {
  Route route();

  /**
   * A hub (chat completions) request → this route's request body, the response context, extra headers and
   * warnings. Everything is validated first: a malformed or unsupported field throws
   * {@link dev.factoryproxy.translate.InvalidRequestException} naming its JSON path in the chat request.
   *
   * @param model               the model table's entry for the requested model
   * @param createdEpochSeconds unix seconds at request receipt, reported back as {@code created}
   */
  TranslatedRequest fromChat(JsonObject chatRequest, ModelInfo model, long createdEpochSeconds);

  /**
   * The identity headers Factory's CLI sends on this route for this model (factory-upstream.md "Identity
   * headers"): {@code x-api-provider}, SDK fingerprint headers, {@code anthropic-version}, ... Not authorization,
   * session ids, {@code x-client-version} or {@code user-agent}: the endpoint adds those on every route.
   */
  Map<String, String> identityHeaders(ModelInfo model);

  /** This route's complete answer → a {@code chat.completion}. */
  JsonObject toChat(JsonObject answer, ResponseContext ctx);

  /**
   * This route's SSE stream → {@code chat.completion.chunk} frames ({@code data: {...}\n\n}, then
   * {@code data: [DONE]\n\n}).
   */
  StreamTranslation toChatStream(ResponseContext ctx);

  /**
   * When this event is an error before any output (T13 on the Messages route: an {@code error} event first), the
   * HTTP status it stands for, so the call can still be answered as an HTTP error and retried; else 0.
   */
  int openingErrorStatus(String event, JsonObject data);

  /**
   * True when this route answers every request with an SSE stream (Gemini, GR1): the call then reads the stream
   * for a client that asked for a complete answer too, and answers it with {@link #toChat} of
   * {@link #assembleStream}.
   */
  default boolean alwaysStreams() {
    return false;
  }

  /**
   * The parsed {@code data} objects of one whole stream (only when {@link #alwaysStreams}) → one complete answer for
   * {@link #toChat}; null when the stream ended before the answer was complete (it is then no answer at all).
   */
  default JsonObject assembleStream(List<JsonObject> events) {
    throw new UnsupportedOperationException("route " + route().label() + " does not always stream");
  }

  /**
   * The body sent when {@link #alwaysStreams} and the client wants one answer: what makes the route stream (the
   * Messages route adds {@code stream: true}, T16); the body itself for a route that streams by its URL (Gemini).
   */
  default JsonObject streamingRequest(JsonObject body) {
    return body;
  }

  /**
   * When a 200 answer is a failure in fact (OE4 on the Responses route: a {@code failed} response; an error chunk
   * on the Gemini route), the HTTP status it stands for, so the call is answered (and maybe retried) as that error;
   * else 0. The answer's body then goes to {@link #error}.
   */
  default int answerErrorStatus(JsonObject answer) {
    return 0;
  }

  /**
   * This route's error answer (status, raw body, lower-case headers) → the OpenAI-shaped error the hub works
   * with.
   */
  MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529);
}
