package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** JSON Schema rewrites for tool input schemas (R16) and native structured output (R27). */
final class JsonSchemas {
  /** Deeper schemas are refused rather than risk unbounded recursion on hostile input. */
  static final int MAX_DEPTH = 64;

  /** Keys whose value is a map of name → subschema. */
  private static final Set<String> SCHEMA_MAPS =
    Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
  /** Keys whose value is a subschema or an array of subschemas. */
  private static final Set<String> SCHEMA_SLOTS = Set.of("items", "prefixItems", "additionalItems", "contains",
    "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    "anyOf", "oneOf", "allOf", "not", "if", "then", "else");
  /** Keywords that describe a value rather than constrain it: they stay outside the anyOf made from a type list. */
  private static final Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "$comment");
  /**
   * Keywords Anthropic's structured outputs do not support (its "JSON Schema limitations" list): numeric
   * bounds, string lengths, array and object size limits. They are dropped from a native schema (R27);
   * {@code minItems} is kept only for the supported values 0 and 1.
   */
  private static final Set<String> UNSUPPORTED_FOR_STRUCTURED_OUTPUT = Set.of("minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "maxItems", "uniqueItems",
    "minProperties", "maxProperties");

  private JsonSchemas() {
  }

  /** R16: a tool's {@code input_schema}: an object schema (missing → empty object), type lists as anyOf. */
  static JsonObject toolInputSchema(JsonObject parameters, String path) {
    if (parameters == null) {
      return new JsonObject().put("type", "object").put("properties", new JsonObject());
    }
    return walk(asObject(parameters), JsonSchemas::typeListToAnyOf, path, 0);
  }

  /** R27: a schema for {@code output_config.format}, cleaned to what native structured output accepts. */
  static JsonObject structuredOutputSchema(JsonObject schema, String path) {
    return walk(asObject(schema), node -> closeObject(dropUnsupported(typeListToAnyOf(node))), path, 0);
  }

  /** Anthropic requires a top-level object schema: any other top-level type is replaced by object. */
  private static JsonObject asObject(JsonObject schema) {
    JsonObject out = new JsonObject().put("type", "object");
    schema.forEach(e -> {
      if (!e.getKey().equals("type")) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  /** Applies {@code rule} to this schema, then to every subschema found in the result. */
  private static JsonObject walk(JsonObject schema, UnaryOperator<JsonObject> rule, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw RequestFields.invalid(path, path + " nests subschemas deeper than " + MAX_DEPTH + " levels");
    }
    JsonObject out = rule.apply(schema);
    for (String key : List.copyOf(out.fieldNames())) {
      Object value = out.getValue(key);
      if (SCHEMA_MAPS.contains(key) && value instanceof JsonObject) {
        JsonObject map = new JsonObject();
        for (Map.Entry<String, Object> entry : (JsonObject) value) {
          map.put(entry.getKey(), walkValue(entry.getValue(), rule, path, depth));
        }
        out.put(key, map);
      } else if (SCHEMA_SLOTS.contains(key)) {
        out.put(key, walkValue(value, rule, path, depth));
      }
    }
    return out;
  }

  /** A subschema or an array of subschemas is walked; anything else (e.g. {@code true}) is copied. */
  private static Object walkValue(Object value, UnaryOperator<JsonObject> rule, String path, int depth) {
    if (value instanceof JsonObject) {
      return walk((JsonObject) value, rule, path, depth + 1);
    }
    if (value instanceof JsonArray) {
      JsonArray out = new JsonArray();
      ((JsonArray) value).forEach(item -> out.add(walkValue(item, rule, path, depth)));
      return out;
    }
    return copy(value);
  }

  /**
   * {@code "type":["string","null"]} → {@code anyOf:[{"type":"string",…},{"type":"null"}]}, as Bifrost does;
   * annotations stay outside, constraints go into every non-null branch.
   */
  private static JsonObject typeListToAnyOf(JsonObject node) {
    Object type = node.getValue("type");
    if (!(type instanceof JsonArray) || ((JsonArray) type).isEmpty()) {
      return node.copy();
    }
    JsonArray types = (JsonArray) type;
    if (types.size() == 1) {
      return node.copy().put("type", copy(types.getValue(0)));
    }
    JsonObject out = new JsonObject();
    JsonObject constraints = new JsonObject();
    node.forEach(e -> {
      if (ANNOTATIONS.contains(e.getKey())) {
        out.put(e.getKey(), copy(e.getValue()));
      } else if (!e.getKey().equals("type")) {
        constraints.put(e.getKey(), e.getValue());
      }
    });
    JsonArray anyOf = new JsonArray();
    for (Object t : types) {
      JsonObject branch = new JsonObject().put("type", copy(t));
      anyOf.add("null".equals(t) ? branch : branch.mergeIn(constraints.copy()));
    }
    return out.put("anyOf", anyOf);
  }

  private static JsonObject dropUnsupported(JsonObject node) {
    JsonObject out = new JsonObject();
    node.forEach(e -> {
      if (!UNSUPPORTED_FOR_STRUCTURED_OUTPUT.contains(e.getKey()) && !isUnsupportedMinItems(e.getKey(), e.getValue())) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  private static boolean isUnsupportedMinItems(String key, Object value) {
    return key.equals("minItems") && !(value instanceof Number && ((Number) value).doubleValue() <= 1);
  }

  /** Native structured output requires {@code additionalProperties:false} on every object. */
  private static JsonObject closeObject(JsonObject node) {
    return "object".equals(node.getValue("type")) ? node.put("additionalProperties", false) : node;
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject) {
      return ((JsonObject) value).copy();
    }
    return value instanceof JsonArray ? ((JsonArray) value).copy() : value;
  }
}
