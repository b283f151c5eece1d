package dev.factoryproxy.translator;

import dev.factoryproxy.bus.TranslateRequest;
import dev.factoryproxy.bus.TranslationReply;
import dev.factoryproxy.config.ModelCatalog;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.dialect.Pipeline;
import io.vertx.core.json.JsonObject;

/**
 * Picks the route for a request's model and translates the request with the pipeline of (client dialect, route).
 * Pure: the verticle around it does the messaging.
 */
final class RequestRouter {
  private final Dialects dialects;
  private final ModelCatalog models;

  RequestRouter(Dialects dialects, ModelCatalog models) {
    this.dialects = dialects;
    this.models = models;
  }

  /**
   * @throws dev.factoryproxy.translate.InvalidRequestException for a malformed request (a 400)
   * @throws UnknownModelException for a model id no table entry and no prefix rule knows (a 404)
   */
  TranslationReply translate(TranslateRequest request) {
    Pipeline pipeline = pipeline(request);
    ModelInfo model = model(request.body());
    if (model != null && models.configuredId(model.id()) == null && Route.forModelId(model.id()) == null) {
      throw new UnknownModelException(model.id());
    }
    ModelInfo routed = model == null ? null : Dialects.onRoute(model, pipeline.route());
    return new TranslationReply(pipeline.route().label(),
      pipeline.request(request.body(), request.clientHeaders(), routed, request.receivedAt()));
  }

  /** The pipeline for the request (also to render a refusal in the client's dialect). */
  Pipeline pipeline(TranslateRequest request) {
    ModelInfo model = model(request.body());
    boolean configured = model != null && models.configuredId(model.id()) != null;
    Route route = model == null ? Route.MESSAGES : dialects.routeFor(model, configured);
    return dialects.pipeline(request.client(), route);
  }

  /** The model the request names; null when {@code model} is not a string (the translation then says so). */
  private ModelInfo model(JsonObject body) {
    Object id = body == null ? null : body.getValue("model");
    return id instanceof String name ? models.resolve(name) : null;
  }
}
