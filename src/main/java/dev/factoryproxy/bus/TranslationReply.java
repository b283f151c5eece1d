package dev.factoryproxy.bus;

import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/** The translator's reply on {@link Bus#TRANSLATE}: a {@link TranslatedRequest} as JSON. */
public final class TranslationReply {
  private TranslationReply() {
  }

  public static JsonObject toJson(TranslatedRequest t) {
    return new JsonObject()
      .put("body", t.body())
      .put("context", t.context().toJson())
      .put("upstreamHeaders", JsonMaps.toJson(t.upstreamHeaders()))
      .put("warnings", new JsonArray(t.warnings()));
  }

  public static TranslatedRequest fromJson(JsonObject json) {
    @SuppressWarnings("unchecked")
    java.util.List<String> warnings = json.getJsonArray("warnings", new JsonArray()).getList();
    return new TranslatedRequest(json.getJsonObject("body"),
      ResponseContext.fromJson(json.getJsonObject("context")),
      JsonMaps.fromJson(json.getJsonObject("upstreamHeaders")), warnings);
  }
}
