package dev.factoryproxy.translate;

import dev.factoryproxy.config.ModelInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/**
 * {@code tools} or legacy {@code functions}, {@code tool_choice} or legacy {@code function_call}, and
 * {@code parallel_tool_calls} (R14, R16–R18).
 */
final class ToolTranslator {

  /**
   * The client's tools as Anthropic tools.
   *
   * @param tools           Anthropic tool definitions, possibly empty
   * @param choice          the translated tool choice, or null when the client gave none
   * @param choiceParam     where the choice came from ({@code tool_choice} or {@code function_call}), for errors
   * @param parallel        {@code parallel_tool_calls}, or null
   * @param legacyFunctions the request used {@code functions} (R14)
   */
  record ToolSet(JsonArray tools, JsonObject choice, String choiceParam, Boolean parallel, boolean legacyFunctions) {
    boolean forcesTool() {
      return forces(choice);
    }
  }

  private ToolTranslator() {
  }

  static ToolSet translate(JsonObject request, ModelInfo model, ToolNames names) {
    JsonArray tools = RequestFields.array(request, "tools", "");
    JsonArray functions = RequestFields.array(request, "functions", "");
    if (tools != null && functions != null) {
      throw invalid("functions", "functions cannot be combined with tools; send only tools");
    }
    Set<String> declared = new HashSet<>();
    JsonArray definitions = tools != null ? definitions(tools, "tools", model, names, declared)
      : definitions(functions == null ? new JsonArray() : functions, "functions", model, names, declared);
    ChoiceSource source = choiceSource(request);
    JsonObject choice = source == null ? null : source.translate(request, names, declared);
    if (definitions.isEmpty() && forces(choice)) {
      throw invalid(source.param, source.param + " forces a tool call, but the request declares no tools");
    }
    // R16/R17: without tools there is nothing to choose from, so auto/none are left out with the tools
    return new ToolSet(definitions, definitions.isEmpty() ? null : choice, source == null ? null : source.param,
      RequestFields.bool(request, "parallel_tool_calls", ""), functions != null);
  }

  /** {@code required} or a named tool: the model must call a tool. */
  static boolean forces(JsonObject choice) {
    return choice != null && !"auto".equals(choice.getValue("type")) && !"none".equals(choice.getValue("type"));
  }

  /**
   * R18: {@code parallel_tool_calls:false} → {@code disable_parallel_tool_use:true}, creating an auto choice
   * when there is none; never added to {@code none}, which Anthropic rejects with it.
   */
  static JsonObject withParallelRule(JsonObject choice, Boolean parallel) {
    if (!Boolean.FALSE.equals(parallel) || choice != null && "none".equals(choice.getValue("type"))) {
      return choice;
    }
    JsonObject out = choice == null ? new JsonObject().put("type", "auto") : choice.copy();
    return out.put("disable_parallel_tool_use", true);
  }

  /**
   * {@code tools} items wrap a function ({@code {"type":"function","function":{…}}}); legacy {@code functions}
   * items are one (R14).
   */
  private static JsonArray definitions(JsonArray list, String listName, ModelInfo model, ToolNames names,
                                       Set<String> declared) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < list.size(); i++) {
      String path = index(listName, i);
      JsonObject item = RequestFields.objectAt(list, i, listName);
      boolean wrapped = listName.equals("tools");
      JsonObject function = wrapped ? unwrapFunction(item, path) : item;
      out.add(definition(function, wrapped ? path(path, "function") : path, model, names, declared));
    }
    return out;
  }

  private static JsonObject unwrapFunction(JsonObject tool, String path) {
    if (!"function".equals(tool.getValue("type"))) {
      String typePath = path(path, "type");
      throw invalid(typePath, typePath + " must be \"function\"; other tool types are not supported");
    }
    return RequestFields.requiredObject(tool, "function", path);
  }

  /** R16: {@code {name, description, input_schema}}, {@code strict} only for models that take it. */
  private static JsonObject definition(JsonObject function, String path, ModelInfo model, ToolNames names,
                                       Set<String> declared) {
    String name = RequestFields.requiredString(function, "name", path);
    if (!declared.add(name)) {
      throw invalid(path(path, "name"), path(path, "name") + " repeats the tool name \"" + name + "\"");
    }
    String description = RequestFields.string(function, "description", path);
    JsonObject parameters = RequestFields.object(function, "parameters", path);
    Boolean strict = RequestFields.bool(function, "strict", path);
    JsonObject tool = new JsonObject().put("name", names.upstream(name));
    if (description != null) {
      tool.put("description", description);
    }
    tool.put("input_schema", JsonSchemas.toolInputSchema(parameters, path(path, "parameters")));
    if (strict != null && model.strictTools()) {
      tool.put("strict", strict);
    }
    return tool;
  }

  /** Which field carries the client's choice; both at once is refused. */
  private static ChoiceSource choiceSource(JsonObject request) {
    boolean toolChoice = request.getValue("tool_choice") != null;
    boolean functionCall = request.getValue("function_call") != null;
    if (toolChoice && functionCall) {
      throw invalid("function_call", "function_call cannot be combined with tool_choice; send only tool_choice");
    }
    return toolChoice ? ChoiceSource.TOOL_CHOICE : functionCall ? ChoiceSource.FUNCTION_CALL : null;
  }

  private enum ChoiceSource {
    /** R17: {@code "auto"|"none"|"required"|{"type":"function","function":{"name":…}}}. */
    TOOL_CHOICE("tool_choice",
      "\"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}"),
    /** R14: {@code "auto"|"none"|{"name":…}}. */
    FUNCTION_CALL("function_call", "\"auto\", \"none\" or {\"name\":…}");

    final String param;
    private final String expected;

    ChoiceSource(String param, String expected) {
      this.param = param;
      this.expected = expected;
    }

    JsonObject translate(JsonObject request, ToolNames names, Set<String> declared) {
      Object value = request.getValue(param);
      if (value instanceof String) {
        String type = switch ((String) value) {
          case "auto" -> "auto";
          case "none" -> "none";
          case "required" -> this == TOOL_CHOICE ? "any" : null;
          default -> null;
        };
        if (type != null) {
          return new JsonObject().put("type", type);
        }
      } else if (value instanceof JsonObject) {
        return namedChoice((JsonObject) value, names, declared);
      }
      throw invalid(param, param + " must be " + expected);
    }

    private JsonObject namedChoice(JsonObject choice, ToolNames names, Set<String> declared) {
      String functionPath = param;
      JsonObject function = choice;
      if (this == TOOL_CHOICE) {
        if (!"function".equals(choice.getValue("type"))) {
          throw invalid(path(param, "type"), path(param, "type") + " must be \"function\"");
        }
        functionPath = path(param, "function");
        function = RequestFields.requiredObject(choice, "function", param);
      }
      String name = RequestFields.requiredString(function, "name", functionPath);
      if (!declared.contains(name)) {
        throw invalid(path(functionPath, "name"), path(functionPath, "name") + " names \"" + name
          + "\", which is not among the declared tools");
      }
      return new JsonObject().put("type", "tool").put("name", names.upstream(name));
    }
  }
}
