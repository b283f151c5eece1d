package dev.factoryproxy.route.chat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Chat route's answers and chunks need before the hub can use them (CS2–CS6, CT4–CT5): the open models'
 * {@code reasoning} field under its hub name, tool calls whose name swallowed the call repaired, usage totals.
 */
final class CoreChatAnswers {
  /** Kimi's native call syntax leaking into the name: {@code functions.get_weather:0}. */
  private static final Pattern KIMI_NAME = Pattern.compile("^functions\\.([^:]+)(?::\\d+)?$");

  /** A repaired call name, and the arguments that were embedded in it (null when none were). */
  record RepairedName(String name, String embeddedArguments) {
  }

  private CoreChatAnswers() {
  }

  /**
   * CS4: a name that is not a declared tool but contains one is repaired: {@code functions.NAME:0} → NAME, and
   * {@code NAME{"city":"Paris"}} → NAME with those arguments. Anything else stays as the model sent it.
   */
  static RepairedName repairName(String name, List<String> declared) {
    if (name == null || declared.isEmpty() || declared.contains(name)) {
      return new RepairedName(name, null);
    }
    Matcher kimi = KIMI_NAME.matcher(name);
    if (kimi.matches() && declared.contains(kimi.group(1))) {
      return new RepairedName(kimi.group(1), null);
    }
    for (String tool : declared) {
      if (name.startsWith(tool) && name.length() > tool.length()) {
        String rest = name.substring(tool.length()).strip();
        if (isJsonObject(rest)) {
          return new RepairedName(tool, rest);
        }
      }
    }
    return new RepairedName(name, null);
  }

  /** CS2: {@code reasoning} (vLLM, some Fireworks models) → {@code reasoning_content}, the hub's name. */
  static void normaliseReasoning(JsonObject messageOrDelta) {
    Object reasoning = messageOrDelta.remove("reasoning");
    if (reasoning instanceof String text && messageOrDelta.getValue("reasoning_content") == null) {
      messageOrDelta.put("reasoning_content", text);
    }
  }

  /** CS3, CS4: every tool call with a repaired name and JSON-object arguments ({@code ""} → {@code "{}"}). */
  static void repairToolCalls(JsonObject message, List<String> declared) {
    if (!(message.getValue("tool_calls") instanceof JsonArray calls)) {
      return;
    }
    for (Object item : calls) {
      if (item instanceof JsonObject call && call.getValue("function") instanceof JsonObject function) {
        RepairedName repaired = repairName(function.getString("name"), declared);
        function.put("name", repaired.name());
        String arguments = function.getValue("arguments") instanceof String a ? a : "";
        if (repaired.embeddedArguments() != null && (arguments.isBlank() || arguments.strip().equals("{}"))) {
          arguments = repaired.embeddedArguments();
        }
        function.put("arguments", arguments.isBlank() ? "{}" : arguments);
        call.put("type", "function");
      }
    }
  }

  /** CS5: {@code stop} with tool calls is what some models send; the hub says {@code tool_calls}. */
  static String finishReason(String upstream, boolean toolCalls) {
    if (upstream == null) {
      return toolCalls ? "tool_calls" : "stop";
    }
    return toolCalls && upstream.equals("stop") ? "tool_calls" : upstream;
  }

  /** CS6: OpenAI usage as the route reports it, with the total computed when missing. */
  static JsonObject usage(JsonObject upstream) {
    if (upstream == null) {
      return null;
    }
    JsonObject out = upstream.copy();
    long prompt = count(upstream, "prompt_tokens");
    long completion = count(upstream, "completion_tokens");
    out.put("prompt_tokens", prompt).put("completion_tokens", completion);
    if (!(upstream.getValue("total_tokens") instanceof Number)) {
      out.put("total_tokens", prompt + completion);
    }
    return out;
  }

  private static long count(JsonObject usage, String field) {
    return usage.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }

  private static boolean isJsonObject(String text) {
    if (!text.startsWith("{")) {
      return false;
    }
    try {
      return Json.decodeValue(text) instanceof JsonObject;
    } catch (DecodeException notJson) {
      return false;
    }
  }
}
