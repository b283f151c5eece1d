package dev.factoryproxy.translate;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.SharedJsonCodec;
import dev.factoryproxy.bus.TranslationReply;
import dev.factoryproxy.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin shell around {@link RequestTranslator}: takes OpenAI requests off {@link Bus#TRANSLATE} and replies with
 * the Anthropic request, or fails the message with status 400 and an OpenAI error body.
 */
public final class TranslatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TranslatorVerticle.class);
  private RequestTranslator translator;

  @Override
  public Future<?> start() {
    translator = new RequestTranslator(ProxyConfig.fromJson(config()).translation());
    SharedJsonCodec.register(vertx.eventBus());
    return vertx.eventBus().<JsonObject>consumer(Bus.TRANSLATE, this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    if (Bus.PING.equals(message.headers().get(Bus.H_KIND))) {
      message.reply(new JsonObject().put("ok", true));
      return;
    }
    try {
      long receivedAt = Long.parseLong(message.headers().get(Bus.H_RECEIVED_AT));
      message.reply(TranslationReply.toJson(translator.translate(message.body(), receivedAt)), Bus.json());
    } catch (InvalidRequestException e) {
      message.fail(400, OpenAiErrors.body(e.getMessage(), "invalid_request_error", e.param(), null).encode());
    } catch (RuntimeException e) {
      // A translation bug must cost one request, never the process (and never a wrong upstream call).
      LOG.error("[{}] translation failed", message.headers().get(Bus.H_REQUEST_ID), e);
      message.fail(500, OpenAiErrors.body("The proxy could not translate this request: " + e,
        "api_error", null, "translation_failed").encode());
    }
  }
}
