package dev.factoryproxy.bus;

import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * The translator's reply on {@link Bus#TRANSLATE}: a {@link TranslatedRequest} as JSON, plus the route that will
 * serve it (the client dialect travels in the context's {@code dialectState}).
 *
 * @param route the route's label ({@code messages}, {@code responses}, ...)
 */
public record TranslationReply(String route, TranslatedRequest translated) {

  public JsonObject toJson() {
    TranslatedRequest t = translated;
    return new JsonObject()
      .put("route", route)
      .put("body", t.body())
      .put("context", t.context().toJson())
      .put("upstreamHeaders", JsonMaps.toJson(t.upstreamHeaders()))
      .put("warnings", new JsonArray(t.warnings()));
  }

  public static TranslationReply fromJson(JsonObject json) {
    @SuppressWarnings("unchecked")
    java.util.List<String> warnings = json.getJsonArray("warnings", new JsonArray()).getList();
    return new TranslationReply(json.getString("route"), new TranslatedRequest(json.getJsonObject("body"),
      ResponseContext.fromJson(json.getJsonObject("context")),
      JsonMaps.fromJson(json.getJsonObject("upstreamHeaders")), warnings));
  }
}
