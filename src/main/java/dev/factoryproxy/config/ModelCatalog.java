package dev.factoryproxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured models: what {@code /v1/models} lists and what the translation knows about each.
 * Model ids pass through unchanged unless an operator configures an alias (factory-upstream.md).
 */
public final class ModelCatalog {
  private final Map<String, ModelInfo> models;
  private final Map<String, String> aliases;
  private final int defaultMaxOutputTokens;

  public ModelCatalog(List<ModelInfo> models, Map<String, String> aliases, int defaultMaxOutputTokens) {
    this.models = new LinkedHashMap<>();
    models.forEach(m -> this.models.put(m.id(), m));
    this.aliases = Map.copyOf(aliases);
    this.defaultMaxOutputTokens = defaultMaxOutputTokens;
  }

  /** The model a client's {@code model} value refers to, after aliases; unknown ids get conservative defaults. */
  public ModelInfo resolve(String requested) {
    String id = aliases.getOrDefault(requested, requested);
    ModelInfo known = models.get(id);
    return known != null ? known : ModelInfo.unknown(id, defaultMaxOutputTokens);
  }

  /** The configured id a client's {@code model} value refers to (after aliases), or null when not configured. */
  public String configuredId(String requested) {
    String id = aliases.getOrDefault(requested, requested);
    return models.containsKey(id) ? id : null;
  }

  public List<ModelInfo> all() {
    return List.copyOf(models.values());
  }

  static ModelCatalog fromJson(JsonObject root, int defaultMaxOutputTokens) {
    Object list = root.getValue("models");
    if (list != null && !(list instanceof JsonArray)) {
      throw new ConfigException("models must be a list of objects");
    }
    JsonArray array = list == null ? new JsonArray() : (JsonArray) list;
    java.util.ArrayList<ModelInfo> infos = new java.util.ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject)) {
        throw new ConfigException("models[" + i + "] must be an object");
      }
      infos.add(ModelInfo.fromJson(array.getJsonObject(i), "models[" + i + "]"));
    }
    return new ModelCatalog(infos, ConfigReader.stringMap(root, "modelAliases", ""), defaultMaxOutputTokens);
  }
}
