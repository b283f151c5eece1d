package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.factoryproxy.testing.Inputs.object;
import static dev.factoryproxy.testing.Inputs.required;
import static dev.factoryproxy.testing.Inputs.requiredString;
import static dev.factoryproxy.testing.Rejection.requireValid;

/** Tool definitions and {@code tool_choice} (R16, R17, R18, R28). */
final class ToolRules {
  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");
  private static final Set<String> TOOL_KEYS =
    Set.of("type", "name", "description", "input_schema", "cache_control", "strict");
  /** The keys each tool_choice type accepts; {@code none} takes no {@code disable_parallel_tool_use} (R18). */
  private static final Map<String, Set<String>> CHOICE_KEYS = Map.of(
    "auto", Set.of("type", "disable_parallel_tool_use"),
    "any", Set.of("type", "disable_parallel_tool_use"),
    "tool", Set.of("type", "name", "disable_parallel_tool_use"),
    "none", Set.of("type"));

  private ToolRules() {
  }

  static void check(JsonObject body, boolean thinking) {
    if (body.getValue("tools") != null) {
      JsonArray tools = Inputs.array(body.getValue("tools"), "tools");
      for (int i = 0; i < tools.size(); i++) {
        checkTool(object(tools.getValue(i), "tools." + i), "tools." + i);
      }
    }
    if (body.getValue("tool_choice") != null) {
      checkToolChoice(object(body.getValue("tool_choice"), "tool_choice"), thinking);
    }
  }

  private static void checkTool(JsonObject tool, String path) {
    Inputs.onlyKeys(tool, TOOL_KEYS, path + ".");
    String name = requiredString(tool, "name", path);
    requireValid(TOOL_NAME.matcher(name).matches(), path + ".name: String should match pattern '" + TOOL_NAME + "'");
    JsonObject schema = object(required(tool, "input_schema", path + ".input_schema"), path + ".input_schema");
    requireValid("object".equals(schema.getValue("type")), path + ".input_schema.type: Input should be 'object'");
  }

  private static void checkToolChoice(JsonObject choice, boolean thinking) {
    String type = Inputs.oneOf(requiredString(choice, "type", "tool_choice"),
      List.of("auto", "any", "tool", "none"), "tool_choice.type");
    String path = "tool_choice." + type;
    Inputs.onlyKeys(choice, CHOICE_KEYS.get(type), path + ".");
    if (type.equals("tool")) {
      requiredString(choice, "name", path);
    }
    if (choice.getValue("disable_parallel_tool_use") != null) {
      Inputs.bool(choice.getValue("disable_parallel_tool_use"), path + ".disable_parallel_tool_use");
    }
    boolean forced = type.equals("any") || type.equals("tool");
    requireValid(!(thinking && forced), "Thinking may not be enabled when tool_choice forces tool use.");
  }
}
