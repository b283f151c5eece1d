package dev.factoryproxy.http;

import dev.factoryproxy.client.messages.AnthropicModelList;
import dev.factoryproxy.config.ModelCatalog;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * {@code GET /v1/models} from the configured model table: in Anthropic's list shape when the request carries
 * {@code anthropic-version} (Claude Code, the Anthropic SDKs; MM1), in OpenAI's otherwise.
 */
final class ModelsHandler implements Handler<RoutingContext> {
  private final JsonObject openAi;
  private final JsonObject anthropic;

  ModelsHandler(ModelCatalog models, long created) {
    JsonArray data = new JsonArray();
    models.all().forEach(m -> data.add(new JsonObject()
      .put("id", m.id()).put("object", "model").put("created", created).put("owned_by", m.ownedBy())));
    this.openAi = new JsonObject().put("object", "list").put("data", data);
    this.anthropic = AnthropicModelList.of(models.all(), Instant.ofEpochSecond(created));
  }

  /** Anthropic's clients send {@code anthropic-version} on every request; OpenAI's never do. */
  static boolean anthropicClient(RoutingContext ctx) {
    return ctx.request().getHeader("anthropic-version") != null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.json(ctx, 200, anthropicClient(ctx) ? anthropic : openAi);
  }
}
