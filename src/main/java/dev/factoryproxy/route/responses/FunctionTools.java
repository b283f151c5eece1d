package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/** Chat {@code tools}, {@code tool_choice}, {@code parallel_tool_calls} → flat function tools (OR8-OR10). */
final class FunctionTools {
  /** OpenAI's alphabet for function names. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  /** @param tools null when the request declares none (OR8: {@code tools:[]} is left out) */
  record Result(JsonArray tools, Object choice, Boolean parallel) {
    void writeTo(JsonObject body) {
      if (tools != null) {
        body.put("tools", tools);
      }
      if (choice != null) {
        body.put("tool_choice", choice);
      }
      if (parallel != null) {
        body.put("parallel_tool_calls", parallel);
      }
    }
  }

  private FunctionTools() {
  }

  static Result translate(JsonObject request) {
    if (request.getValue("functions") != null || request.getValue("function_call") != null) {
      String param = request.getValue("functions") != null ? "functions" : "function_call";
      throw invalid(param, param + " (the legacy functions API) is not supported for this model; use tools");
    }
    JsonArray declared = RequestFields.array(request, "tools", "");
    Set<String> names = new LinkedHashSet<>();
    JsonArray tools = new JsonArray();
    if (declared != null) {
      for (int i = 0; i < declared.size(); i++) {
        tools.add(tool(RequestFields.objectAt(declared, i, "tools"), index("tools", i), names));
      }
    }
    Object choice = choice(request.getValue("tool_choice"), names);
    Boolean parallel = RequestFields.bool(request, "parallel_tool_calls", "");
    return new Result(tools.isEmpty() ? null : tools, choice, tools.isEmpty() ? null : parallel);
  }

  /** OR8: {@code {type,function:{name,description,parameters,strict}}} → the same fields, flat. */
  private static JsonObject tool(JsonObject tool, String at, Set<String> names) {
    String type = RequestFields.requiredString(tool, "type", at);
    if (!"function".equals(type)) {
      throw invalid(path(at, "type"), "tool type \"" + type + "\" is not supported; only \"function\" is");
    }
    JsonObject function = RequestFields.requiredObject(tool, "function", at);
    String functionPath = path(at, "function");
    String name = RequestFields.requiredString(function, "name", functionPath);
    if (!NAME.matcher(name).matches()) {
      throw invalid(path(functionPath, "name"), path(functionPath, "name")
        + " must match ^[a-zA-Z0-9_-]{1,64}$");
    }
    if (!names.add(name)) {
      throw invalid(path(functionPath, "name"), "tool name \"" + name + "\" is declared twice");
    }
    JsonObject out = new JsonObject().put("type", "function").put("name", name);
    String description = RequestFields.string(function, "description", functionPath);
    if (description != null) {
      out.put("description", description);
    }
    JsonObject parameters = RequestFields.object(function, "parameters", functionPath);
    out.put("parameters", parameters != null ? parameters.copy()
      : new JsonObject().put("type", "object").put("properties", new JsonObject()));
    Boolean strict = RequestFields.bool(function, "strict", functionPath);
    if (strict != null) {
      out.put("strict", strict); // issue 12: strict is kept
    }
    return out;
  }

  /** OR9: the strings pass; a named function becomes {@code {type:"function",name}}; forcing needs a declared tool. */
  private static Object choice(Object value, Set<String> names) {
    if (value == null) {
      return null;
    }
    if (value instanceof String mode) {
      if (!List.of("auto", "none", "required").contains(mode)) {
        throw invalid("tool_choice", "tool_choice must be \"auto\", \"none\", \"required\" or a named function");
      }
      if (mode.equals("required") && names.isEmpty()) {
        throw invalid("tool_choice", "tool_choice \"required\" needs at least one tool in tools");
      }
      return names.isEmpty() ? null : mode;
    }
    if (!(value instanceof JsonObject named)) {
      throw invalid("tool_choice", "tool_choice must be a string or an object");
    }
    if (!"function".equals(named.getValue("type"))) {
      throw invalid("tool_choice.type", "tool_choice.type must be \"function\"");
    }
    JsonObject function = RequestFields.requiredObject(named, "function", "tool_choice");
    String name = RequestFields.requiredString(function, "name", "tool_choice.function");
    if (!names.contains(name)) {
      throw invalid("tool_choice.function.name", "tool_choice names \"" + name + "\", which is not in tools");
    }
    return new JsonObject().put("type", "function").put("name", name);
  }
}
