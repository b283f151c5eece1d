package dev.factoryproxy.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * What Factory's Gemini generate route refuses (factory-upstream.md, the Gemini API's validation as clients report
 * it), answered in Google's error shape {@code {"error":{"code","message","status"}}}.
 */
final class GeminiRules {
  static final Set<String> TOP_LEVEL = Set.of("model", "contents", "systemInstruction", "tools", "toolConfig",
    "generationConfig", "safetySettings", "cachedContent");
  static final Set<String> GENERATION = Set.of("maxOutputTokens", "temperature", "topP", "topK", "stopSequences",
    "seed", "responseMimeType", "responseSchema", "thinkingConfig", "candidateCount", "presencePenalty",
    "frequencyPenalty");
  static final Set<String> SCHEMA = Set.of("type", "format", "title", "description", "nullable", "enum", "items",
    "properties", "required", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern",
    "anyOf", "propertyOrdering", "default", "example", "minProperties", "maxProperties");
  private static final Set<String> PART_DATA = Set.of("text", "inlineData", "functionCall", "functionResponse");

  private GeminiRules() {
  }

  static RouteFake.Refusal refusal(int code, String status, String message) {
    JsonObject error = new JsonObject().put("code", code).put("message", message).put("status", status);
    return new RouteFake.Refusal(code, message, new JsonObject().put("error", error));
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw refusal(400, "INVALID_ARGUMENT", message);
    }
  }

  static void checkHeaders(MultiMap headers) {
    String missing = RouteFake.missingIdentityHeader(headers);
    require(missing == null, missing);
    require("google".equals(headers.get("x-api-provider")), "x-api-provider: header must be \"google\"");
  }

  static void checkBody(JsonObject body) {
    require(body != null, "Invalid JSON payload received.");
    for (String key : body.fieldNames()) {
      require(TOP_LEVEL.contains(key),
        "Invalid JSON payload received. Unknown name \"" + key + "\": Cannot find field.");
    }
    require(body.getValue("model") instanceof String m && !m.isEmpty(), "model is required");
    JsonObject system = body.getJsonObject("systemInstruction", new JsonObject());
    JsonArray systemParts = system.getJsonArray("parts", new JsonArray());
    if (systemParts.isEmpty() || !(systemParts.getJsonObject(0).getValue("text") instanceof String text)
      || !text.startsWith(FakeFactory.DROID_IDENTITY)) {
      throw refusal(403, "PERMISSION_DENIED", "Forbidden: the first systemInstruction part must be Droid's");
    }
    require(body.getValue("contents") instanceof JsonArray c && !c.isEmpty(), "contents is not specified");
    checkContents(body.getJsonArray("contents"));
    if (body.getValue("tools") != null) {
      checkTools(body.getJsonArray("tools"));
    }
    if (body.getValue("toolConfig") instanceof JsonObject config) {
      Object mode = config.getJsonObject("functionCallingConfig", new JsonObject()).getValue("mode");
      require(List.of("AUTO", "ANY", "NONE").contains(mode), "toolConfig.functionCallingConfig.mode: invalid value");
    }
    if (body.getValue("generationConfig") instanceof JsonObject generation) {
      checkGeneration(generation);
    }
  }

  private static void checkContents(JsonArray contents) {
    int pendingCalls = 0;
    for (int i = 0; i < contents.size(); i++) {
      String path = "contents[" + i + "]";
      JsonObject content = contents.getJsonObject(i);
      String role = content.getString("role");
      require("user".equals(role) || "model".equals(role), path + ".role: must be user or model");
      JsonArray parts = content.getJsonArray("parts", new JsonArray());
      require(!parts.isEmpty(), path + ".parts: must not be empty");
      int calls = 0;
      int responses = 0;
      for (int k = 0; k < parts.size(); k++) {
        JsonObject part = parts.getJsonObject(k);
        long data = part.fieldNames().stream().filter(PART_DATA::contains).count();
        require(data == 1, path + ".parts[" + k + "]: exactly one of text, inlineData, functionCall,"
          + " functionResponse");
        for (String key : part.fieldNames()) {
          require(PART_DATA.contains(key) || key.equals("thought") || key.equals("thoughtSignature"),
            path + ".parts[" + k + "]: Unknown name \"" + key + "\"");
        }
        if (part.getValue("inlineData") instanceof JsonObject inline) {
          require(inline.getValue("mimeType") instanceof String && inline.getValue("data") instanceof String,
            path + ".parts[" + k + "].inlineData: mimeType and data are required");
        }
        if (part.getValue("functionCall") instanceof JsonObject call) {
          require("model".equals(role), path + ": functionCall parts belong to model turns");
          require(call.getValue("name") instanceof String && call.getValue("args") instanceof JsonObject,
            path + ".parts[" + k + "].functionCall: name and args are required");
          if (calls++ == 0) {
            require(part.getValue("thoughtSignature") instanceof String,
              "Function call is missing a thought_signature in functionCall parts. " + path + ".parts[" + k + "]");
          }
        }
        if (part.getValue("functionResponse") instanceof JsonObject response) {
          responses++;
          require(response.getValue("name") instanceof String && response.getValue("response") instanceof JsonObject,
            path + ".parts[" + k + "].functionResponse: name and response are required");
        }
      }
      if (pendingCalls > 0) {
        require(responses == pendingCalls, "Please ensure that the number of function response parts is equal to the"
          + " number of function call parts of the function call turn.");
      }
      pendingCalls = calls;
    }
  }

  private static void checkTools(JsonArray tools) {
    for (Object item : tools) {
      JsonObject tool = (JsonObject) item;
      for (Object d : tool.getJsonArray("functionDeclarations", new JsonArray())) {
        JsonObject declaration = (JsonObject) d;
        require(declaration.getValue("name") instanceof String, "functionDeclarations: name is required");
        if (declaration.getValue("parameters") instanceof JsonObject parameters) {
          checkSchema(parameters, "parameters");
          require(!"object".equalsIgnoreCase(parameters.getString("type", ""))
            || parameters.getValue("properties") instanceof JsonObject p && !p.isEmpty(),
            "parameters.properties: should be non-empty for OBJECT type");
        }
      }
    }
  }

  private static void checkSchema(JsonObject schema, String path) {
    for (String key : schema.fieldNames()) {
      require(SCHEMA.contains(key), "Invalid JSON payload received. Unknown name \"" + key + "\" at '" + path + "'");
    }
    require(schema.getValue("type") == null || schema.getValue("type") instanceof String, path + ".type: must be one"
      + " type");
    if (schema.getValue("properties") instanceof JsonObject props) {
      props.forEach(e -> checkSchema((JsonObject) e.getValue(), path + ".properties." + e.getKey()));
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      checkSchema(items, path + ".items");
    }
    if (schema.getValue("anyOf") instanceof JsonArray anyOf) {
      anyOf.forEach(s -> checkSchema((JsonObject) s, path + ".anyOf"));
    }
  }

  private static void checkGeneration(JsonObject generation) {
    for (String key : generation.fieldNames()) {
      require(GENERATION.contains(key), "Invalid JSON payload received. Unknown name \"" + key
        + "\" at 'generation_config'");
    }
    require(generation.getJsonArray("stopSequences", new JsonArray()).size() <= 5, "stopSequences: at most 5");
    if (generation.getValue("responseSchema") instanceof JsonObject schema) {
      checkSchema(schema, "generation_config.response_schema");
    }
    if (generation.getValue("thinkingConfig") instanceof JsonObject thinking) {
      Object level = thinking.getValue("thinkingLevel");
      require(level == null || List.of("LOW", "MEDIUM", "HIGH").contains(level), "thinkingLevel: invalid value");
    }
  }
}
