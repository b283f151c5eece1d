package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What the response side (non-stream and streaming) must know about the request it answers.
 * Made by the request translation, carried over the event bus as JSON to the upstream verticle.
 *
 * @param model             the model id the client asked for (reported when upstream gives none)
 * @param stream            the client asked for SSE
 * @param includeUsage      {@code stream_options.include_usage} (T10)
 * @param created           unix seconds at request receipt (S1)
 * @param legacyFunctions   the request used {@code functions}: answer with {@code function_call} (R14)
 * @param jsonToolName      name of the synthetic structured-output tool, or null (R27, T15)
 * @param toolNames         upstream tool name → client tool name, for names renamed to fit Anthropic (R16)
 * @param dialectState      what a route or client dialect other than Chat → Messages must carry from the request
 *                          to its answer (its own keys; never null, empty for Chat → Messages)
 */
public record ResponseContext(String model, boolean stream, boolean includeUsage, long created,
                              boolean legacyFunctions, String jsonToolName, Map<String, String> toolNames,
                              JsonObject dialectState) {

  public ResponseContext {
    toolNames = toolNames == null ? Map.of() : Map.copyOf(toolNames);
    dialectState = dialectState == null ? new JsonObject() : dialectState;
  }

  public ResponseContext(String model, boolean stream, boolean includeUsage, long created,
                         boolean legacyFunctions, String jsonToolName, Map<String, String> toolNames) {
    this(model, stream, includeUsage, created, legacyFunctions, jsonToolName, toolNames, null);
  }

  /** The same context with other dialect state. */
  public ResponseContext withDialectState(JsonObject state) {
    return new ResponseContext(model, stream, includeUsage, created, legacyFunctions, jsonToolName, toolNames, state);
  }

  /** The client's name for a tool the upstream called. */
  public String clientToolName(String upstreamName) {
    return toolNames.getOrDefault(upstreamName, upstreamName);
  }

  public JsonObject toJson() {
    JsonObject names = new JsonObject();
    toolNames.forEach(names::put);
    return new JsonObject()
      .put("model", model)
      .put("stream", stream)
      .put("includeUsage", includeUsage)
      .put("created", created)
      .put("legacyFunctions", legacyFunctions)
      .put("jsonToolName", jsonToolName)
      .put("toolNames", names)
      .put("dialectState", dialectState);
  }

  public static ResponseContext fromJson(JsonObject json) {
    Map<String, String> names = new java.util.HashMap<>();
    JsonObject n = json.getJsonObject("toolNames", new JsonObject());
    n.forEach(e -> names.put(e.getKey(), String.valueOf(e.getValue())));
    return new ResponseContext(json.getString("model"), json.getBoolean("stream", false),
      json.getBoolean("includeUsage", false), json.getLong("created", 0L),
      json.getBoolean("legacyFunctions", false), json.getString("jsonToolName"), names,
      json.getJsonObject("dialectState"));
  }
}
