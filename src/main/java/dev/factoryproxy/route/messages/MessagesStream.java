package dev.factoryproxy.route.messages;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.StreamTranslator;
import io.vertx.core.json.JsonObject;

/**
 * {@link StreamTranslator} seen as a {@link StreamTranslation}. Every Messages event carries JSON: one that does
 * not makes {@link #onRawEvent} throw {@link io.vertx.core.json.DecodeException}, which the caller turns into a
 * {@code bad_upstream_response} error frame, as before the seams.
 */
final class MessagesStream implements StreamTranslation {
  private final StreamTranslator translator;

  MessagesStream(ResponseContext ctx) {
    this.translator = new StreamTranslator(ctx);
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    return translator.onEvent(event, data);
  }

  @Override
  public String onRawEvent(String event, String rawData) {
    return translator.onEvent(event, new JsonObject(rawData));
  }

  @Override
  public String onUpstreamEnd() {
    return translator.onUpstreamEnd();
  }

  @Override
  public boolean done() {
    return translator.done();
  }

  @Override
  public boolean failed() {
    return translator.failed();
  }

  @Override
  public String finishReason() {
    return translator.finishReason();
  }

  @Override
  public JsonObject usage() {
    return translator.usage();
  }
}
