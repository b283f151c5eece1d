package dev.factoryproxy.route.gemini;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/** A hub request → the Gemini generate body (GR1, GR9–GR14); the conversation itself is {@link GeminiContents}'. */
final class GeminiRequest {
  /** Gemini's function-name alphabet and length. */
  private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}");
  static final int MAX_STOP_SEQUENCES = 5;

  record Built(JsonObject body, List<String> warnings) {
  }

  private final String droidPrompt;
  private final List<String> warnings = new ArrayList<>();

  GeminiRequest(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  /** GR1: {@code model} in the body; no {@code stream} field, because the route always streams. */
  Built build(JsonObject request, ModelInfo model) {
    GeminiContents.Result conversation = new GeminiContents(droidPrompt)
      .translate(RequestFields.requiredArray(request, "messages", ""));
    JsonObject body = new JsonObject()
      .put("model", model.id())
      .put("systemInstruction", conversation.systemInstruction())
      .put("contents", conversation.contents());
    List<String> names = new ArrayList<>();
    JsonArray declarations = declarations(RequestFields.array(request, "tools", ""), names);
    if (!declarations.isEmpty()) {
      body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", declarations)));
    }
    JsonObject toolConfig = toolConfig(request.getValue("tool_choice"), names);
    if (toolConfig != null) {
      body.put("toolConfig", toolConfig);
    }
    if (request.getValue("functions") != null || request.getValue("function_call") != null) {
      String field = request.getValue("functions") != null ? "functions" : "function_call";
      throw invalid(field, field + " is not supported on this model's route; send tools and tool_choice");
    }
    RequestFields.bool(request, "parallel_tool_calls", ""); // GR10: validated; Gemini has no such switch
    body.put("generationConfig", generationConfig(request, model));
    return new Built(body, List.copyOf(warnings));
  }

  /** GR9: function tools → functionDeclarations with cleaned schemas; an empty object schema is dropped. */
  private static JsonArray declarations(JsonArray tools, List<String> names) {
    JsonArray out = new JsonArray();
    for (int i = 0; tools != null && i < tools.size(); i++) {
      String path = index("tools", i);
      JsonObject tool = RequestFields.objectAt(tools, i, "tools");
      if (!"function".equals(tool.getValue("type"))) {
        throw invalid(path(path, "type"), path(path, "type") + " must be \"function\"");
      }
      String functionPath = path(path, "function");
      JsonObject function = RequestFields.requiredObject(tool, "function", path);
      String name = RequestFields.requiredString(function, "name", functionPath);
      if (!FUNCTION_NAME.matcher(name).matches()) {
        throw invalid(path(functionPath, "name"), path(functionPath, "name") + " must start with a letter or _ and"
          + " use only letters, digits, _ . : - (at most 64): this model's route takes no other names");
      }
      if (names.contains(name)) {
        throw invalid(path(functionPath, "name"), path(functionPath, "name") + " repeats the tool name \"" + name
          + "\"");
      }
      names.add(name);
      JsonObject declaration = new JsonObject().put("name", name);
      String description = RequestFields.string(function, "description", functionPath);
      if (description != null) {
        declaration.put("description", description);
      }
      JsonObject parameters = RequestFields.object(function, "parameters", functionPath);
      if (parameters != null) {
        JsonObject cleaned = GeminiSchemas.clean(parameters, path(functionPath, "parameters"));
        if (!GeminiSchemas.isEmptyObject(cleaned)) {
          declaration.put("parameters", cleaned);
        }
      }
      out.add(declaration);
    }
    return out;
  }

  /** GR10: auto → AUTO, none → NONE, required → ANY, a named function → ANY limited to it. */
  private static JsonObject toolConfig(Object choice, List<String> names) {
    if (choice == null) {
      return null;
    }
    String mode;
    JsonArray allowed = null;
    if ("auto".equals(choice)) {
      mode = "AUTO";
    } else if ("none".equals(choice)) {
      mode = "NONE";
    } else if ("required".equals(choice)) {
      mode = "ANY";
    } else if (choice instanceof JsonObject named && "function".equals(named.getValue("type"))) {
      JsonObject function = RequestFields.requiredObject(named, "function", "tool_choice");
      String name = RequestFields.requiredString(function, "name", "tool_choice.function");
      if (!names.contains(name)) {
        throw invalid("tool_choice.function.name", "tool_choice.function.name names \"" + name
          + "\", which is not among the declared tools");
      }
      mode = "ANY";
      allowed = new JsonArray().add(name);
    } else {
      throw invalid("tool_choice", "tool_choice must be \"auto\", \"none\", \"required\" or"
        + " {\"type\":\"function\",\"function\":{\"name\":…}}");
    }
    if (names.isEmpty()) {
      if (mode.equals("ANY")) {
        throw invalid("tool_choice", "tool_choice forces a tool call, but the request declares no tools");
      }
      return null;
    }
    JsonObject config = new JsonObject().put("mode", mode);
    if (allowed != null) {
      config.put("allowedFunctionNames", allowed);
    }
    return new JsonObject().put("functionCallingConfig", config);
  }

  /** GR11–GR14. */
  private JsonObject generationConfig(JsonObject request, ModelInfo model) {
    JsonObject config = new JsonObject();
    Integer completion = RequestFields.positiveInt(request, "max_completion_tokens", "");
    Integer max = RequestFields.positiveInt(request, "max_tokens", "");
    config.put("maxOutputTokens", completion != null ? completion : max != null ? max : model.maxOutputTokens());
    Integer n = RequestFields.positiveInt(request, "n", "");
    if (n != null && n > 1) {
      throw invalid("n", "n must be 1: this endpoint returns a single choice per request");
    }
    putIfPresent(config, "temperature", RequestFields.number(request, "temperature", 0, 2));
    putIfPresent(config, "topP", RequestFields.number(request, "top_p", 0, 1));
    putIfPresent(config, "seed", RequestFields.number(request, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE));
    for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
      if (RequestFields.number(request, penalty, -2, 2) != null) {
        warnings.add(penalty + " was dropped: Gemini 3 models do not take it");
      }
    }
    JsonArray stop = stop(request.getValue("stop"));
    if (stop != null) {
      config.put("stopSequences", stop);
    }
    responseFormat(RequestFields.object(request, "response_format", ""), config);
    JsonObject thinking = thinking(RequestFields.string(request, "reasoning_effort", ""));
    if (thinking != null) {
      config.put("thinkingConfig", thinking);
    }
    return config;
  }

  /** GR12: a string or up to five strings; empty ones dropped. */
  private static JsonArray stop(Object stop) {
    if (stop == null) {
      return null;
    }
    JsonArray items = stop instanceof String s ? new JsonArray().add(s) : stop instanceof JsonArray a ? a : null;
    if (items == null) {
      throw invalid("stop", "stop must be a string or an array of strings");
    }
    JsonArray kept = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof String s)) {
        throw invalid(index("stop", i), index("stop", i) + " must be a string");
      }
      if (!s.isEmpty()) {
        kept.add(s);
      }
    }
    if (kept.size() > MAX_STOP_SEQUENCES) {
      throw invalid("stop", "stop takes at most " + MAX_STOP_SEQUENCES + " sequences on this model's route");
    }
    return kept.isEmpty() ? null : kept;
  }

  /** GR13: json_object → JSON output; json_schema → JSON output with the cleaned schema. */
  private static void responseFormat(JsonObject format, JsonObject config) {
    if (format == null) {
      return;
    }
    String type = RequestFields.requiredString(format, "type", "response_format");
    switch (type) {
      case "text" -> { }
      case "json_object" -> config.put("responseMimeType", "application/json");
      case "json_schema" -> {
        JsonObject schema = RequestFields.requiredObject(format, "json_schema", "response_format");
        JsonObject s = RequestFields.requiredObject(schema, "schema", "response_format.json_schema");
        config.put("responseMimeType", "application/json")
          .put("responseSchema", GeminiSchemas.clean(s, "response_format.json_schema.schema"));
      }
      default -> throw invalid("response_format.type",
        "response_format.type must be \"text\", \"json_object\" or \"json_schema\"");
    }
  }

  /**
   * GR14: minimal/low → LOW, medium → MEDIUM, high → HIGH, with thought summaries returned; none → LOW without
   * summaries (Gemini 3 Pro cannot turn thinking off). Absent → the model's default, no summaries.
   */
  private static JsonObject thinking(String effort) {
    if (effort == null) {
      return null;
    }
    String level = switch (effort) {
      case "none", "minimal", "low" -> "LOW";
      case "medium" -> "MEDIUM";
      case "high" -> "HIGH";
      default -> throw invalid("reasoning_effort", "reasoning_effort must be one of none, minimal, low, medium, high");
    };
    return new JsonObject().put("includeThoughts", !effort.equals("none")).put("thinkingLevel", level);
  }

  private static void putIfPresent(JsonObject config, String key, Object value) {
    if (value != null) {
      config.put(key, value);
    }
  }
}
