package dev.factoryproxy.dialect;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** A same-dialect pair: the {@link PassThrough} does the work; identity headers and opening errors are the route's. */
final class PassThroughPipeline implements Pipeline {
  private final PassThrough passThrough;
  private final ClientDialect client;
  private final RouteDialect route;

  PassThroughPipeline(PassThrough passThrough, ClientDialect client, RouteDialect route) {
    this.passThrough = passThrough;
    this.client = client;
    this.route = route;
  }

  @Override
  public String client() {
    return passThrough.client();
  }

  @Override
  public Route route() {
    return passThrough.route();
  }

  @Override
  public TranslatedRequest request(JsonObject clientRequest, Map<String, String> clientHeaders, ModelInfo model,
                                   long createdEpochSeconds) {
    return passThrough.adapt(clientRequest, clientHeaders, model, createdEpochSeconds);
  }

  @Override
  public Map<String, String> identityHeaders(ModelInfo model) {
    return route.identityHeaders(model);
  }

  @Override
  public JsonObject answer(JsonObject routeAnswer, ResponseContext ctx) {
    return passThrough.answer(routeAnswer, ctx);
  }

  @Override
  public StreamTranslation stream(ResponseContext ctx) {
    return passThrough.stream(ctx);
  }

  @Override
  public int openingErrorStatus(String event, JsonObject data) {
    return route.openingErrorStatus(event, data);
  }

  /** T16 and OE4 are facts of the route, so a pass-through streams and assembles as its route does. */
  @Override
  public boolean alwaysStreams() {
    return route.alwaysStreams();
  }

  @Override
  public JsonObject assembleStream(List<JsonObject> events) {
    return route.assembleStream(events);
  }

  @Override
  public JsonObject streamingRequest(JsonObject body) {
    return route.streamingRequest(body);
  }

  @Override
  public int answerErrorStatus(JsonObject routeAnswer) {
    return route.answerErrorStatus(routeAnswer);
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    return passThrough.error(status, body, headers, passThrough529);
  }

  @Override
  public JsonObject errorBody(int status, JsonObject openAiError) {
    return client.errorBody(status, openAiError);
  }

  @Override
  public String streamErrorFrame(JsonObject openAiError) {
    return client.streamErrorFrame(openAiError);
  }
}
