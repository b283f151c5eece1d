package dev.factoryproxy.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What Factory's Chat route refuses (factory-upstream.md "Core (chat) route quirks", "Identity headers", the
 * system-prompt gate), answered in OpenAI's error shape.
 */
final class CoreChatRules {
  static final Set<String> TOP_LEVEL = Set.of("model", "messages", "stream", "stream_options", "max_tokens",
    "temperature", "top_p", "stop", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort",
    "response_format", "presence_penalty", "frequency_penalty", "seed");
  private static final Map<String, Set<String>> MESSAGE_KEYS = Map.of(
    "system", Set.of("role", "content"),
    "user", Set.of("role", "content"),
    "assistant", Set.of("role", "content", "tool_calls", "reasoning_content"),
    "tool", Set.of("role", "content", "tool_call_id", "name"));

  private CoreChatRules() {
  }

  static RouteFake.Refusal invalid(String message) {
    return refusal(400, "invalid_request_error", message);
  }

  static RouteFake.Refusal refusal(int status, String type, String message) {
    JsonObject error = new JsonObject().put("message", message).put("type", type).put("param", null)
      .put("code", null);
    return new RouteFake.Refusal(status, message, new JsonObject().put("error", error));
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw invalid(message);
    }
  }

  static void checkHeaders(MultiMap headers, String expectedProvider) {
    String missing = RouteFake.missingIdentityHeader(headers);
    require(missing == null, missing);
    require(expectedProvider.equals(headers.get("x-api-provider")),
      "x-api-provider: header must be \"" + expectedProvider + "\" for this model");
    require(headers.get("x-stainless-package-version") != null, "x-stainless-package-version: header is required");
  }

  static void checkBody(JsonObject body) {
    require(body != null, "body must be a JSON object");
    for (String key : body.fieldNames()) {
      require(TOP_LEVEL.contains(key), key + ": Extra inputs are not permitted");
    }
    require(body.getValue("model") instanceof String m && !m.isEmpty(), "model: field required");
    require(body.getValue("messages") instanceof JsonArray a && !a.isEmpty(), "messages: field required");
    JsonArray messages = body.getJsonArray("messages");
    JsonObject first = messages.getValue(0) instanceof JsonObject o ? o : new JsonObject();
    if (!"system".equals(first.getValue("role")) || !(first.getValue("content") instanceof String text)
      || !text.startsWith(FakeFactory.DROID_IDENTITY)) {
      throw refusal(403, "permission_error", "Forbidden: the first system message must be Droid's");
    }
    boolean kimi = body.getString("model").startsWith("kimi");
    Set<String> callIds = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      checkMessage(messages.getValue(i), "messages[" + i + "]", kimi, callIds);
    }
    require(!(body.containsKey("temperature") && body.containsKey("top_p")),
      "temperature and top_p cannot both be specified");
    require(body.getValue("max_tokens") == null || body.getValue("max_tokens") instanceof Integer n && n > 0,
      "max_tokens: must be a positive integer");
    require(body.getValue("stream_options") == null || Boolean.TRUE.equals(body.getValue("stream")),
      "stream_options: only allowed when stream is true");
    if (body.getValue("tools") != null) {
      checkTools(body.getValue("tools"));
    }
  }

  private static void checkMessage(Object value, String path, boolean kimi, Set<String> callIds) {
    require(value instanceof JsonObject, path + ": must be an object");
    JsonObject message = (JsonObject) value;
    Set<String> keys = MESSAGE_KEYS.get(message.getValue("role") instanceof String r ? r : "");
    require(keys != null, path + ".role: must be system, user, assistant or tool");
    for (String key : message.fieldNames()) {
      require(keys.contains(key), path + "." + key + ": Extra inputs are not permitted");
    }
    String role = message.getString("role");
    if (role.equals("assistant") && message.getValue("tool_calls") != null) {
      require(message.getValue("content") instanceof String, path + ".content: must be a string beside tool_calls");
      JsonArray calls = message.getJsonArray("tool_calls");
      for (int k = 0; k < calls.size(); k++) {
        JsonObject call = calls.getJsonObject(k);
        String callPath = path + ".tool_calls[" + k + "]";
        require(call.getValue("id") instanceof String, callPath + ".id: field required");
        callIds.add(call.getString("id"));
        JsonObject function = call.getJsonObject("function", new JsonObject());
        require(function.getValue("name") instanceof String, callPath + ".function.name: field required");
        require(isJsonObjectText(function.getValue("arguments")), callPath + ".function.arguments: must be JSON");
      }
    } else if (role.equals("tool")) {
      require(callIds.contains(message.getValue("tool_call_id")), path + ".tool_call_id: no matching tool call");
      require(!kimi || message.getValue("name") instanceof String, path + ".name: Kimi requires the tool name");
      require(message.getValue("content") instanceof String, path + ".content: must be a string");
    } else {
      require(message.getValue("content") != null, path + ".content: field required");
    }
  }

  private static void checkTools(Object value) {
    require(value instanceof JsonArray a && !a.isEmpty(), "tools: must be a non-empty array");
    for (Object item : (JsonArray) value) {
      require(item instanceof JsonObject t && "function".equals(t.getValue("type")), "tools: type must be function");
      JsonObject function = ((JsonObject) item).getJsonObject("function", new JsonObject());
      require(function.getValue("name") instanceof String, "tools: function.name required");
      require(!function.containsKey("strict"), "tools: function.strict is not supported");
      require(function.getValue("parameters") instanceof JsonObject p && !p.containsKey("$schema"),
        "tools: function.parameters must be an object schema without $schema");
    }
  }

  private static boolean isJsonObjectText(Object value) {
    try {
      return value instanceof String s && Json.decodeValue(s) instanceof JsonObject;
    } catch (DecodeException e) {
      return false;
    }
  }
}
