package dev.factoryproxy.dialect;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Everything one (client dialect, route) pair does, whichever way it is made: a {@link PassThrough} when one is
 * registered for the pair, else client → hub → route and back. Pure: no I/O. Everything that leaves a pipeline
 * towards the client is in the client's dialect already (answers, streams and errors), so the bus and the HTTP
 * side carry it without knowing the dialect.
 */
public interface Pipeline {
  /** The client dialect's {@link ClientDialect#name()}. */
  String client();

  Route route();

  /** The client's request → the route's body, context, headers and warnings (validated; 400s name the path). */
  TranslatedRequest request(JsonObject clientRequest, Map<String, String> clientHeaders, ModelInfo model,
                            long createdEpochSeconds);

  /** Headers the route needs for this model ({@link RouteDialect#identityHeaders}). */
  Map<String, String> identityHeaders(ModelInfo model);

  /** The route's complete answer → the client's. */
  JsonObject answer(JsonObject routeAnswer, ResponseContext ctx);

  /** The route's stream → the client's SSE text. */
  StreamTranslation stream(ResponseContext ctx);

  /** {@link RouteDialect#openingErrorStatus}: an error event before any output, as an HTTP status; else 0. */
  int openingErrorStatus(String event, JsonObject data);

  /** {@link RouteDialect#alwaysStreams}: read a stream even for a complete answer. Pass-throughs: false. */
  default boolean alwaysStreams() {
    return false;
  }

  /** {@link RouteDialect#assembleStream}: one whole stream's events → the route's complete answer, or null. */
  default JsonObject assembleStream(List<JsonObject> events) {
    throw new UnsupportedOperationException("this pipeline does not always stream");
  }

  /** {@link RouteDialect#streamingRequest}: the body that makes the route stream for a one-answer client. */
  default JsonObject streamingRequest(JsonObject body) {
    return body;
  }

  /** {@link RouteDialect#answerErrorStatus}: the status a 200 answer that is a failure stands for; else 0. */
  default int answerErrorStatus(JsonObject routeAnswer) {
    return 0;
  }

  /** A route error (status, raw body, lower-case headers) → the client's error answer. */
  MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529);

  /** An error the proxy itself raises (OpenAI-shaped, the hub's form) → the client's error body. */
  JsonObject errorBody(int status, JsonObject openAiError);

  /** The same error as the client's mid-stream error frame. */
  String streamErrorFrame(JsonObject openAiError);
}
