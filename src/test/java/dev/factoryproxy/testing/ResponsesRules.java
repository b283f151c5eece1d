package dev.factoryproxy.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.factoryproxy.testing.ResponsesRejection.require;

/**
 * What Factory's Responses route ({@code /api/llm/o/v1/responses}) refuses, as the OpenAI Responses API and
 * factory-upstream.md describe it: identity headers, the Droid prompt as the start of {@code instructions},
 * {@code store:false} (server-side item ids then answer 404), unknown parameters, and the item shapes.
 */
final class ResponsesRules {
  static final String DROID_IDENTITY = BodyRules.DROID_IDENTITY;
  static final Set<String> PROVIDERS = Set.of("openai", "azure_openai", "xai");

  private static final Set<String> BODY_KEYS = Set.of("model", "input", "instructions", "tools", "tool_choice",
    "parallel_tool_calls", "text", "reasoning", "max_output_tokens", "temperature", "top_p", "store", "stream",
    "include", "safety_identifier", "prompt_cache_key", "service_tier", "metadata", "truncation", "user",
    "previous_response_id", "max_tool_calls", "top_logprobs", "background", "prompt", "stream_options",
    "conversation");
  private static final Set<String> INCLUDES = Set.of("reasoning.encrypted_content", "message.output_text.logprobs",
    "web_search_call.action.sources", "code_interpreter_call.outputs", "file_search_call.results",
    "message.input_image.image_url", "computer_call_output.output.image_url");
  private static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private ResponsesRules() {
  }

  static void checkHeaders(MultiMap headers, Set<String> expectedKeys) {
    String authorization = headers.get("authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")
      || !expectedKeys.contains(authorization.substring(7))) {
      throw new ResponsesRejection(401, "invalid_request_error", null, "invalid_api_key", "Invalid bearer token");
    }
    String provider = headers.get("x-api-provider");
    require(provider != null && PROVIDERS.contains(provider), null,
      "x-api-provider: must name the Responses route's provider (openai, azure_openai or xai), got " + provider);
    require("cli".equals(headers.get("x-factory-client")), null, "x-factory-client: header must be \"cli\"");
    String version = headers.get("x-client-version");
    require(version != null && !version.isBlank(), null, "Unable to determine client version");
    require(("factory-cli/" + version).equals(headers.get("user-agent")), null,
      "user-agent: header must be \"factory-cli/" + version + "\"");
    String contentType = headers.get("content-type");
    require(contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase("application/json"), null,
      "content-type: expected application/json");
  }

  static void checkBody(JsonObject body) {
    for (String key : body.fieldNames()) {
      if (!BODY_KEYS.contains(key)) {
        throw ResponsesRejection.unknownParameter(key);
      }
    }
    if (body.getValue("previous_response_id") != null) {
      throw new ResponsesRejection(404, "invalid_request_error", "previous_response_id", null,
        "Previous response with id '" + body.getValue("previous_response_id") + "' not found.");
    }
    checkDroidGate(body.getValue("instructions"));
    require(body.getValue("model") instanceof String m && !m.isEmpty(), "model",
      "Missing required parameter: 'model'.");
    require(Boolean.FALSE.equals(body.getValue("store")), "store",
      "store: Factory's route serves only store:false requests");
    require(body.getValue("stream") == null || body.getValue("stream") instanceof Boolean, "stream",
      "Invalid type for 'stream': expected a boolean.");
    Set<String> toolNames = checkTools(body.getValue("tools"));
    checkToolChoice(body.getValue("tool_choice"), toolNames);
    require(body.getValue("parallel_tool_calls") == null || body.getValue("parallel_tool_calls") instanceof Boolean,
      "parallel_tool_calls", "Invalid type for 'parallel_tool_calls': expected a boolean.");
    checkInput(body.getValue("input"));
    checkText(body.getValue("text"));
    checkReasoning(body.getValue("reasoning"));
    checkInclude(body.getValue("include"));
    checkNumber(body, "temperature", 0, 2);
    checkNumber(body, "top_p", 0, 1);
    Object max = body.getValue("max_output_tokens");
    require(max == null || (max instanceof Integer || max instanceof Long) && ((Number) max).longValue() >= 16,
      "max_output_tokens", "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16.");
    Object tier = body.getValue("service_tier");
    require(tier == null || List.of("auto", "default", "flex", "priority").contains(tier), "service_tier",
      "Invalid value for 'service_tier'.");
    Object safety = body.getValue("safety_identifier");
    require(safety == null || safety instanceof String s && s.length() <= 64, "safety_identifier",
      "Invalid 'safety_identifier': string too long. Expected a string with maximum length 64.");
  }

  /** Factory answers 403 unless {@code instructions} begins with the Droid identity. */
  private static void checkDroidGate(Object instructions) {
    if (!(instructions instanceof String text) || !text.startsWith(DROID_IDENTITY)) {
      throw new ResponsesRejection(403, "permission_error", null, null,
        "Access denied: this endpoint only serves Factory Droid requests");
    }
  }

  private static Set<String> checkTools(Object value) {
    Set<String> names = new HashSet<>();
    if (value == null) {
      return names;
    }
    require(value instanceof JsonArray, "tools", "Invalid type for 'tools': expected an array.");
    JsonArray tools = (JsonArray) value;
    for (int i = 0; i < tools.size(); i++) {
      String at = "tools[" + i + "]";
      require(tools.getValue(i) instanceof JsonObject, at, "Invalid type for '" + at + "': expected an object.");
      JsonObject tool = tools.getJsonObject(i);
      require("function".equals(tool.getValue("type")), at + ".type", "Invalid value for '" + at + ".type'.");
      for (String key : tool.fieldNames()) {
        if (!Set.of("type", "name", "description", "parameters", "strict").contains(key)) {
          throw ResponsesRejection.unknownParameter(at + "." + key); // e.g. the nested Chat form "function"
        }
      }
      require(tool.getValue("name") instanceof String n && NAME.matcher(n).matches(), at + ".name",
        "Invalid '" + at + ".name': string does not match pattern ^[a-zA-Z0-9_-]+$.");
      require(names.add(tool.getString("name")), at + ".name", "Duplicate tool name: " + tool.getString("name"));
      require(tool.getValue("parameters") == null || tool.getValue("parameters") instanceof JsonObject,
        at + ".parameters", "Invalid type for '" + at + ".parameters': expected an object.");
      require(tool.getValue("strict") == null || tool.getValue("strict") instanceof Boolean, at + ".strict",
        "Invalid type for '" + at + ".strict': expected a boolean.");
    }
    return names;
  }

  private static void checkToolChoice(Object value, Set<String> names) {
    if (value == null) {
      return;
    }
    if (value instanceof String mode) {
      require(List.of("auto", "none", "required").contains(mode), "tool_choice", "Invalid value for 'tool_choice'.");
      require(!mode.equals("required") || !names.isEmpty(), "tool_choice",
        "Tool choice 'required' must be specified with 'tools' parameter.");
      return;
    }
    require(value instanceof JsonObject choice && "function".equals(choice.getValue("type"))
      && choice.getValue("name") instanceof String, "tool_choice", "Invalid value for 'tool_choice'.");
    JsonObject choice = (JsonObject) value;
    require(choice.getValue("function") == null, "tool_choice.function", "Unknown parameter: 'tool_choice.function'.");
    require(names.contains(choice.getString("name")), "tool_choice",
      "Tool choice '" + choice.getString("name") + "' not found in 'tools' parameter.");
  }

  private static void checkInput(Object value) {
    require(value != null, "input", "Missing required parameter: 'input'.");
    require(value instanceof JsonArray, "input", "Invalid type for 'input': expected an array of items.");
    JsonArray items = (JsonArray) value;
    require(!items.isEmpty(), "input", "Invalid 'input': empty array.");
    Set<String> calls = new HashSet<>();
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String at = "input[" + i + "]";
      require(items.getValue(i) instanceof JsonObject, at, "Invalid type for '" + at + "': expected an object.");
      JsonObject item = items.getJsonObject(i);
      if (item.getValue("id") != null) {
        // factory-upstream.md: with store:false, server-side ids make Factory answer 404
        throw new ResponsesRejection(404, "invalid_request_error", at + ".id", null, "Item with id '"
          + item.getValue("id") + "' not found. Items are not persisted when `store` is set to false.");
      }
      String type = item.getValue("type") instanceof String t ? t : "";
      switch (type) {
        case "message" -> checkMessage(item, at);
        case "function_call" -> {
          onlyKeys(item, at, "type", "call_id", "name", "arguments", "status");
          requireString(item, "call_id", at);
          requireString(item, "name", at);
          require(item.getValue("arguments") instanceof String, at + ".arguments",
            "Missing required parameter: '" + at + ".arguments'.");
          calls.add(item.getString("call_id"));
        }
        case "function_call_output" -> {
          onlyKeys(item, at, "type", "call_id", "output", "status");
          String callId = requireString(item, "call_id", at);
          require(item.getValue("output") instanceof String, at + ".output",
            "Missing required parameter: '" + at + ".output'.");
          require(calls.contains(callId), at + ".call_id",
            "No tool call found for function call output with call_id " + callId + ".");
          answered.add(callId);
        }
        case "reasoning" -> {
          onlyKeys(item, at, "type", "summary", "encrypted_content", "content");
          require(item.getValue("summary") instanceof JsonArray, at + ".summary",
            "Missing required parameter: '" + at + ".summary'.");
          require(item.getValue("encrypted_content") == null || item.getValue("encrypted_content") instanceof String,
            at + ".encrypted_content", "Invalid type for '" + at + ".encrypted_content'.");
        }
        default -> throw ResponsesRejection.invalid(at + ".type", "Invalid value: '" + type + "'. Supported values"
          + " are: 'message', 'function_call', 'function_call_output' and 'reasoning'.");
      }
    }
    for (String call : calls) {
      require(answered.contains(call), "input", "No tool output found for function call " + call + ".");
    }
  }

  private static void checkMessage(JsonObject item, String at) {
    onlyKeys(item, at, "type", "role", "content", "status");
    Object role = item.getValue("role");
    require(List.of("user", "assistant", "system", "developer").contains(role), at + ".role",
      "Invalid value for '" + at + ".role'.");
    Object content = item.getValue("content");
    if (content instanceof String) {
      return;
    }
    require(content instanceof JsonArray parts && !parts.isEmpty(), at + ".content",
      "Invalid '" + at + ".content': expected a string or a non-empty array.");
    JsonArray parts = (JsonArray) content;
    Set<String> allowed = "assistant".equals(role) ? Set.of("output_text", "refusal")
      : Set.of("input_text", "input_image", "input_file");
    for (int k = 0; k < parts.size(); k++) {
      String partAt = at + ".content[" + k + "]";
      require(parts.getValue(k) instanceof JsonObject, partAt, "Invalid type for '" + partAt + "'.");
      JsonObject part = parts.getJsonObject(k);
      Object type = part.getValue("type");
      require(allowed.contains(type), partAt + ".type", "Invalid value: '" + type + "'. Supported values are: "
        + String.join(", ", allowed) + ".");
      switch ((String) type) {
        case "input_text", "output_text" -> requireString(part, "text", partAt);
        case "input_image" -> {
          String url = requireString(part, "image_url", partAt);
          require(url.startsWith("data:image/") || url.startsWith("http"), partAt + ".image_url",
            "Invalid image URL.");
          require(part.getValue("detail") == null || List.of("auto", "low", "high").contains(part.getValue("detail")),
            partAt + ".detail", "Invalid value for '" + partAt + ".detail'.");
        }
        case "input_file" -> require(part.getValue("file_data") instanceof String
          || part.getValue("file_url") instanceof String, partAt, "An input_file needs file_data or file_url.");
        default -> requireString(part, "refusal", partAt);
      }
    }
  }

  private static void checkText(Object value) {
    if (value == null) {
      return;
    }
    require(value instanceof JsonObject, "text", "Invalid type for 'text': expected an object.");
    Object format = ((JsonObject) value).getValue("format");
    if (format == null) {
      return;
    }
    require(format instanceof JsonObject f && f.getValue("type") instanceof String, "text.format",
      "Invalid type for 'text.format'.");
    JsonObject f = (JsonObject) format;
    switch (f.getString("type")) {
      case "text", "json_object" -> onlyKeys(f, "text.format", "type");
      case "json_schema" -> {
        onlyKeys(f, "text.format", "type", "name", "schema", "strict", "description");
        requireString(f, "name", "text.format");
        require(f.getValue("schema") instanceof JsonObject, "text.format.schema",
          "Missing required parameter: 'text.format.schema'.");
      }
      default -> throw ResponsesRejection.invalid("text.format.type", "Invalid value for 'text.format.type'.");
    }
  }

  private static void checkReasoning(Object value) {
    if (value == null) {
      return;
    }
    require(value instanceof JsonObject, "reasoning", "Invalid type for 'reasoning': expected an object.");
    JsonObject reasoning = (JsonObject) value;
    onlyKeys(reasoning, "reasoning", "effort", "summary", "generate_summary");
    require(reasoning.getValue("effort") == null || EFFORTS.contains(reasoning.getValue("effort")),
      "reasoning.effort", "Invalid value for 'reasoning.effort'.");
    require(reasoning.getValue("summary") == null
        || List.of("auto", "concise", "detailed").contains(reasoning.getValue("summary")),
      "reasoning.summary", "Invalid value for 'reasoning.summary'.");
  }

  private static void checkInclude(Object value) {
    if (value == null) {
      return;
    }
    require(value instanceof JsonArray, "include", "Invalid type for 'include': expected an array.");
    for (Object entry : (JsonArray) value) {
      require(INCLUDES.contains(entry), "include", "Invalid value for 'include': " + entry + ".");
    }
  }

  private static void checkNumber(JsonObject body, String key, double min, double max) {
    Object value = body.getValue(key);
    require(value == null || value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max, key,
      "Invalid '" + key + "': expected a number between " + min + " and " + max + ".");
  }

  private static String requireString(JsonObject object, String key, String at) {
    require(object.getValue(key) instanceof String s && !s.isEmpty(), at + "." + key,
      "Missing required parameter: '" + at + "." + key + "'.");
    return object.getString(key);
  }

  private static void onlyKeys(JsonObject object, String at, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String key : object.fieldNames()) {
      if (!allowed.contains(key)) {
        throw ResponsesRejection.unknownParameter(at + "." + key);
      }
    }
  }
}
