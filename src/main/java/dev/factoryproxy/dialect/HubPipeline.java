package dev.factoryproxy.dialect;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Client → hub → route and back. The client dialect's context rides in the route's
 * {@link ResponseContext#dialectState()} under {@link #CLIENT_STATE} (a key no route uses). When the client speaks
 * the hub form itself ({@link ClientDialect#isHub()}), the client stage is skipped entirely.
 */
final class HubPipeline implements Pipeline {
  /** The {@code dialectState} key that carries the client dialect's context to the answer. */
  static final String CLIENT_STATE = "client";

  private final ClientDialect client;
  private final RouteDialect route;

  HubPipeline(ClientDialect client, RouteDialect route) {
    this.client = client;
    this.route = route;
  }

  @Override
  public String client() {
    return client.name();
  }

  @Override
  public Route route() {
    return route.route();
  }

  @Override
  public TranslatedRequest request(JsonObject clientRequest, Map<String, String> clientHeaders, ModelInfo model,
                                   long createdEpochSeconds) {
    if (client.isHub()) {
      return route.fromChat(clientRequest, model, createdEpochSeconds);
    }
    ClientDialect.HubRequest hub = client.toChat(clientRequest);
    TranslatedRequest routed = route.fromChat(hub.chatRequest(), model, createdEpochSeconds);
    ResponseContext ctx = routed.context();
    JsonObject state = ctx.dialectState().copy().put(CLIENT_STATE, hub.clientContext());
    List<String> warnings = new ArrayList<>(hub.warnings());
    warnings.addAll(routed.warnings());
    return new TranslatedRequest(routed.body(), ctx.withDialectState(state), routed.upstreamHeaders(),
      List.copyOf(warnings));
  }

  @Override
  public Map<String, String> identityHeaders(ModelInfo model) {
    return route.identityHeaders(model);
  }

  @Override
  public JsonObject answer(JsonObject routeAnswer, ResponseContext ctx) {
    JsonObject chat = route.toChat(routeAnswer, ctx);
    return client.isHub() ? chat : client.fromChat(chat, clientState(ctx));
  }

  @Override
  public StreamTranslation stream(ResponseContext ctx) {
    StreamTranslation routed = route.toChatStream(ctx);
    return client.isHub() ? routed : new HubStream(routed, client.fromChatStream(clientState(ctx)));
  }

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
  public int openingErrorStatus(String event, JsonObject data) {
    return route.openingErrorStatus(event, data);
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    MappedError hub = route.error(status, body, headers, passThrough529);
    return client.isHub() ? hub : new MappedError(hub.status(), client.errorBody(hub.status(), hub.body()),
      hub.headers());
  }

  @Override
  public JsonObject errorBody(int status, JsonObject openAiError) {
    return client.isHub() ? openAiError : client.errorBody(status, openAiError);
  }

  @Override
  public String streamErrorFrame(JsonObject openAiError) {
    return client.streamErrorFrame(openAiError);
  }

  private static JsonObject clientState(ResponseContext ctx) {
    return ctx.dialectState().getJsonObject(CLIENT_STATE, new JsonObject());
  }
}
