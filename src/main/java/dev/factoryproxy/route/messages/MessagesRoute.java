package dev.factoryproxy.route.messages;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.config.TranslationSettings;
import dev.factoryproxy.dialect.RouteDialect;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.RequestTranslator;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.ResponseTranslator;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import dev.factoryproxy.translate.MessagesStreamAssembly;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Factory's Anthropic Messages route (Claude) on the dialect seams: a thin wrapper over the {@code translate}
 * package, which stays the one place the Chat → Messages rules (R, S, T, E in docs/translation.md) live.
 */
public final class MessagesRoute implements RouteDialect {
  /** The Anthropic API version Factory's CLI sends. */
  static final String ANTHROPIC_VERSION = "2023-06-01";

  private final RequestTranslator requests;

  public MessagesRoute(TranslationSettings settings) {
    this.requests = new RequestTranslator(settings);
  }

  @Override
  public Route route() {
    return Route.MESSAGES;
  }

  /** The model is resolved again by the translator from the request (aliases, R20 defaults): same entry. */
  @Override
  public TranslatedRequest fromChat(JsonObject chatRequest, ModelInfo model, long createdEpochSeconds) {
    return requests.translate(chatRequest, createdEpochSeconds);
  }

  /** The Anthropic SDK's headers (its {@code x-api-key} is a placeholder: Factory reads the bearer token). */
  @Override
  public Map<String, String> identityHeaders(ModelInfo model) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-api-key", "placeholder");
    headers.put("anthropic-version", ANTHROPIC_VERSION);
    headers.put("x-api-provider", model.provider());
    return headers;
  }

  @Override
  public JsonObject toChat(JsonObject answer, ResponseContext ctx) {
    return ResponseTranslator.toChatCompletion(answer, ctx);
  }

  @Override
  public StreamTranslation toChatStream(ResponseContext ctx) {
    return new MessagesStream(ctx);
  }

  /** T13: an {@code error} event before any output stands for the HTTP status of its error type. */
  @Override
  public int openingErrorStatus(String event, JsonObject data) {
    if (data == null || !"error".equals(event != null ? event : data.getString("type"))) {
      return 0;
    }
    Object error = data.getValue("error");
    return UpstreamErrorMapper.statusForType(error instanceof JsonObject e ? e.getString("type") : null);
  }

  /** T16: Factory is always asked to stream; a one-answer client gets the message assembled from the events. */
  @Override
  public boolean alwaysStreams() {
    return true;
  }

  @Override
  public JsonObject streamingRequest(JsonObject body) {
    return MessagesStreamAssembly.streamingRequest(body);
  }

  @Override
  public JsonObject assembleStream(List<JsonObject> events) {
    return MessagesStreamAssembly.assemble(events);
  }

  @Override
  public int answerErrorStatus(JsonObject answer) {
    return MessagesStreamAssembly.errorStatus(answer);
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    return UpstreamErrorMapper.map(status, body, headers, passThrough529);
  }
}
