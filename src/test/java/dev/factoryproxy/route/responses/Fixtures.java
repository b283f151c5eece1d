package dev.factoryproxy.route.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonObject;

/** Models, a route and helpers shared by the Responses-route tests. */
final class Fixtures {
  static final String DROID = "You are Droid, an AI software engineering agent built by Factory.";
  static final ModelInfo GPT = new ModelInfo("gpt-5.4", "openai", 128_000, false, false, false, false, true,
    Route.RESPONSES, "openai");
  static final ModelInfo GPT_FAST = new ModelInfo("gpt-5.4-fast", "openai", 128_000, false, false, false, false,
    true, Route.RESPONSES, "openai");
  static final ModelInfo CODEX = new ModelInfo("gpt-5.3-codex", "openai", 128_000, false, false, true, false, true,
    Route.RESPONSES, "azure_openai");
  static final ModelInfo GROK = new ModelInfo("grok-4", "xai", 64_000, false, false, false, false, false,
    Route.RESPONSES, "xai");
  static final ResponsesRoute ROUTE = new ResponsesRoute(DROID);
  static final long CREATED = 1_700_000_123L;

  private Fixtures() {
  }

  static TranslatedRequest translate(String chatJson) {
    return translate(chatJson, GPT);
  }

  static TranslatedRequest translate(String chatJson, ModelInfo model) {
    return ROUTE.fromChat(new JsonObject(chatJson), model, CREATED);
  }

  static JsonObject body(String chatJson) {
    return translate(chatJson).body();
  }

  static ResponseContext context(boolean stream, boolean includeUsage) {
    return new ResponseContext("gpt-5.4", stream, includeUsage, CREATED, false, null, null,
      new JsonObject().put("route", "responses"));
  }
}
