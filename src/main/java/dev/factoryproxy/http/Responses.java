package dev.factoryproxy.http;

import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers and OpenAI-shaped errors from the HTTP verticle. */
final class Responses {
  private Responses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  static void error(RoutingContext ctx, int status, String message, String type, String code) {
    json(ctx, status, OpenAiErrors.body(message, type, null, code));
  }

}
