package dev.factoryproxy.http;

import dev.factoryproxy.config.ModelCatalog;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/models} in OpenAI's list shape, from the configured model table. */
final class ModelsHandler implements Handler<RoutingContext> {
  private final JsonObject list;

  ModelsHandler(ModelCatalog models, long created) {
    JsonArray data = new JsonArray();
    models.all().forEach(m -> data.add(new JsonObject()
      .put("id", m.id()).put("object", "model").put("created", created).put("owned_by", m.ownedBy())));
    this.list = new JsonObject().put("object", "list").put("data", data);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.json(ctx, 200, list);
  }
}
