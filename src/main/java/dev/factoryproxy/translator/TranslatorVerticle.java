package dev.factoryproxy.translator;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.TranslateRequest;
import dev.factoryproxy.bus.TranslationFailure;
import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin shell around {@link RequestRouter}: takes {@link TranslateRequest}s off {@link Bus#TRANSLATE} and replies
 * with the route's request, or fails the message ({@link TranslationFailure}) with status 400 (404
 * {@code model_not_found} for an unknown model) and an error body in the client's dialect.
 */
final class TranslatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TranslatorVerticle.class);
  private final RequestRouter router;

  TranslatorVerticle(RequestRouter router) {
    this.router = router;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(Bus.TRANSLATE, this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    if (Bus.isPing(message)) {
      Bus.replyToPing(message, new JsonObject());
      return;
    }
    TranslateRequest request = TranslateRequest.from(message);
    Pipeline pipeline;
    try {
      pipeline = router.pipeline(request);
    } catch (RuntimeException e) { // an unregistered dialect: a wiring bug
      LOG.error("[{}] no pipeline for client dialect {}", request.requestId(), request.client(), e);
      new TranslationFailure(500, OpenAiErrors.body("The proxy cannot serve this dialect: " + e.getMessage(),
        "api_error", null, "translation_failed")).failOn(message);
      return;
    }
    try {
      message.reply(router.translate(request).toJson(), Bus.json());
    } catch (UnknownModelException e) {
      new TranslationFailure(404, pipeline.errorBody(404,
        OpenAiErrors.body(e.getMessage(), "invalid_request_error", null, "model_not_found"))).failOn(message);
    } catch (InvalidRequestException e) {
      new TranslationFailure(400, pipeline.errorBody(400,
        OpenAiErrors.body(e.getMessage(), "invalid_request_error", e.param(), null))).failOn(message);
    } catch (RuntimeException e) {
      // A translation bug must cost one request, never the process (and never a wrong upstream call).
      LOG.error("[{}] translation failed", request.requestId(), e);
      new TranslationFailure(500, pipeline.errorBody(500, OpenAiErrors.body(
        "The proxy could not translate this request: " + e, "api_error", null, "translation_failed"))).failOn(message);
    }
  }
}
