package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the last user message of a request asks the sandbox for (docs/sandbox.md): {@code sandbox:tool},
 * {@code sandbox:reasoning}, {@code sandbox:error=NNN}. Read from whichever of the four routes' request shapes the
 * body has: Anthropic {@code messages}, Responses {@code input}, Chat {@code messages}, Gemini {@code contents}.
 *
 * @param text      the last user message's text (what the sandbox echoes)
 * @param tool      answer with a call of the request's first tool
 * @param reasoning add a reasoning part (thinking block, reasoning item, reasoning_content, thought part)
 * @param error     answer this error status instead (0: none)
 */
record Directives(String text, boolean tool, boolean reasoning, int error) {
  private static final Pattern ERROR = Pattern.compile("sandbox:error=(\\d{3})");

  static Directives of(JsonObject body) {
    String text = lastUserText(body);
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher error = ERROR.matcher(lower);
    int status = error.find() ? Integer.parseInt(error.group(1)) : 0;
    return new Directives(text, lower.contains("sandbox:tool"), lower.contains("sandbox:reasoning"),
      status >= 400 && status <= 599 ? status : 0);
  }

  private static String lastUserText(JsonObject body) {
    JsonArray turns = body.getValue("messages") instanceof JsonArray messages ? messages
      : body.getValue("input") instanceof JsonArray input ? input
      : body.getValue("contents") instanceof JsonArray contents ? contents : new JsonArray();
    if (body.getValue("input") instanceof String input) {
      return input;
    }
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.getValue(i) instanceof JsonObject turn && "user".equals(turn.getString("role"))) {
        return textOf(turn.getValue("content") != null ? turn.getValue("content") : turn.getValue("parts"));
      }
    }
    return "";
  }

  /** A string, or the text of every part that has some ({@code text} in all four shapes). */
  private static String textOf(Object content) {
    if (content instanceof String text) {
      return text;
    }
    StringBuilder text = new StringBuilder();
    if (content instanceof JsonArray parts) {
      for (Object part : parts) {
        if (part instanceof JsonObject block && block.getValue("text") instanceof String piece) {
          text.append(text.length() == 0 ? "" : " ").append(piece);
        }
      }
    }
    return text.toString();
  }

  /** The deterministic echo every text answer gives. */
  String echo() {
    String said = text.strip();
    if (said.length() > 200) {
      said = said.substring(0, 200) + "…";
    }
    return said.isEmpty() ? "Sandbox answer (no user text seen)." : "Sandbox answer to: " + said;
  }

  /** The request's first tool as (name, arguments filled with "sandbox" for each string property), or null. */
  static JsonObject firstTool(JsonObject body) {
    if (!(body.getValue("tools") instanceof JsonArray tools)) {
      return null;
    }
    for (Object entry : tools) {
      if (!(entry instanceof JsonObject tool)) {
        continue;
      }
      JsonObject function = tool.getJsonObject("function"); // Chat: {type:function, function:{name, parameters}}
      if (function != null && function.getString("name") != null) {
        return call(function.getString("name"), function.getJsonObject("parameters"));
      }
      if (tool.getValue("functionDeclarations") instanceof JsonArray declarations && !declarations.isEmpty()) {
        JsonObject first = declarations.getJsonObject(0);
        return call(first.getString("name"), first.getJsonObject("parameters"));
      }
      if (tool.getString("name") != null) { // Anthropic input_schema, Responses parameters
        return call(tool.getString("name"), tool.getJsonObject("input_schema", tool.getJsonObject("parameters")));
      }
    }
    return null;
  }

  private static JsonObject call(String name, JsonObject schema) {
    JsonObject args = new JsonObject();
    JsonObject properties = schema == null ? null : schema.getJsonObject("properties");
    if (properties != null) {
      properties.forEach(property -> {
        if (property.getValue() instanceof JsonObject spec && "string".equals(spec.getString("type"))) {
          args.put(property.getKey(), "sandbox");
        }
      });
    }
    return new JsonObject().put("name", name).put("arguments", args);
  }
}
