package dev.factoryproxy.route.gemini;

import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema → the OpenAPI subset Gemini's {@code Schema} takes (GR9): what it does not know is dropped or
 * rewritten, because the route refuses unknown keywords ({@code $schema}, {@code additionalProperties}, ...).
 */
final class GeminiSchemas {
  /** The keywords of Gemini's Schema object. */
  static final Set<String> SUPPORTED = Set.of("type", "format", "title", "description", "nullable", "enum",
    "items", "properties", "required", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength",
    "pattern", "anyOf", "propertyOrdering", "default", "example", "minProperties", "maxProperties");
  /** Formats Gemini accepts, per type; others are dropped. */
  private static final Map<String, Set<String>> FORMATS = Map.of(
    "string", Set.of("enum", "date-time"),
    "integer", Set.of("int32", "int64"),
    "number", Set.of("float", "double"));
  private static final int MAX_DEPTH = 32;

  private GeminiSchemas() {
  }

  /** The cleaned schema; {@code path} names the client's field for errors (a recursive {@code $ref}). */
  static JsonObject clean(JsonObject schema, String path) {
    JsonObject defs = new JsonObject();
    for (String key : new String[] {"$defs", "definitions"}) {
      if (schema.getValue(key) instanceof JsonObject d) {
        defs.mergeIn(d);
      }
    }
    return clean(schema, defs, path, 0);
  }

  private static JsonObject clean(JsonObject schema, JsonObject defs, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw RequestFields.invalid(path, path + " nests subschemas (or $ref) deeper than " + MAX_DEPTH + " levels;"
        + " recursive schemas are not supported on this model's route");
    }
    JsonObject node = resolveRef(schema, defs, path, depth);
    node = mergeAllOf(node);
    JsonObject out = new JsonObject();
    typeOf(node, out);
    node.forEach(e -> {
      String key = e.getKey();
      Object value = e.getValue();
      switch (key) {
        case "type" -> { }
        case "properties" -> {
          if (value instanceof JsonObject props) {
            JsonObject cleaned = new JsonObject();
            props.forEach(p -> cleaned.put(p.getKey(), p.getValue() instanceof JsonObject sub
              ? clean(sub, defs, path, depth + 1) : new JsonObject()));
            out.put("properties", cleaned);
          }
        }
        case "items" -> {
          if (value instanceof JsonObject sub) {
            out.put("items", clean(sub, defs, path, depth + 1));
          }
        }
        case "anyOf", "oneOf" -> out.put("anyOf", cleanList(value, defs, path, depth));
        case "const" -> out.put("enum", new JsonArray().add(String.valueOf(value)));
        case "enum" -> {
          if (value instanceof JsonArray values && values.stream().allMatch(v -> v instanceof String)) {
            out.put("enum", values.copy());
          }
        }
        case "format" -> {
          Set<String> allowed = FORMATS.get(out.getString("type", "").toLowerCase(java.util.Locale.ROOT));
          if (allowed != null && allowed.contains(value)) {
            out.put("format", value);
          }
        }
        default -> {
          if (SUPPORTED.contains(key) && !key.equals("nullable")) {
            out.put(key, value instanceof JsonObject o ? o.copy() : value instanceof JsonArray a ? a.copy() : value);
          }
        }
      }
    });
    keepDeclaredRequired(out);
    return out;
  }

  /** {@code "type":["string","null"]} → {@code "type":"string","nullable":true}; several types → anyOf. */
  private static void typeOf(JsonObject node, JsonObject out) {
    Object type = node.getValue("type");
    if (Boolean.TRUE.equals(node.getValue("nullable"))) {
      out.put("nullable", true);
    }
    if (type instanceof String t) {
      out.put("type", t);
    } else if (type instanceof JsonArray types) {
      JsonArray nonNull = new JsonArray();
      types.forEach(t -> {
        if ("null".equals(t)) {
          out.put("nullable", true);
        } else {
          nonNull.add(t);
        }
      });
      if (nonNull.size() == 1) {
        out.put("type", nonNull.getValue(0));
      } else if (nonNull.size() > 1) {
        JsonArray anyOf = new JsonArray();
        nonNull.forEach(t -> anyOf.add(new JsonObject().put("type", t)));
        out.put("anyOf", anyOf);
      }
    }
  }

  private static JsonArray cleanList(Object value, JsonObject defs, String path, int depth) {
    JsonArray out = new JsonArray();
    if (value instanceof JsonArray list) {
      list.forEach(item -> {
        if (item instanceof JsonObject sub) {
          out.add(clean(sub, defs, path, depth + 1));
        }
      });
    }
    return out;
  }

  /** A local {@code $ref} ({@code #/$defs/X}, {@code #/definitions/X}) is inlined; its siblings win. */
  private static JsonObject resolveRef(JsonObject node, JsonObject defs, String path, int depth) {
    if (!(node.getValue("$ref") instanceof String ref)) {
      return node;
    }
    String name = ref.replaceFirst("^#/(\\$defs|definitions)/", "");
    if (name.equals(ref) || !(defs.getValue(name) instanceof JsonObject target)) {
      throw RequestFields.invalid(path, path + " has a $ref (" + ref + ") that is not a local #/$defs entry");
    }
    JsonObject merged = resolveRef(target, defs, path, depth + 1).copy();
    node.forEach(e -> {
      if (!e.getKey().equals("$ref")) {
        merged.put(e.getKey(), e.getValue());
      }
    });
    if (depth > MAX_DEPTH) {
      throw RequestFields.invalid(path, path + " has a recursive $ref, which this model's route cannot take");
    }
    return merged;
  }

  /** {@code allOf} is folded into its parent: properties merged, required lists joined. */
  private static JsonObject mergeAllOf(JsonObject node) {
    if (!(node.getValue("allOf") instanceof JsonArray parts)) {
      return node;
    }
    JsonObject out = node.copy();
    out.remove("allOf");
    for (Object part : parts) {
      if (part instanceof JsonObject sub) {
        sub.forEach(e -> {
          if (e.getKey().equals("properties") && e.getValue() instanceof JsonObject props) {
            JsonObject mine = out.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
            out.put("properties", mine.copy().mergeIn(props));
          } else if (e.getKey().equals("required") && e.getValue() instanceof JsonArray req) {
            Set<Object> all = new LinkedHashSet<>(out.getJsonArray("required", new JsonArray()).getList());
            all.addAll(req.getList());
            out.put("required", new JsonArray(new java.util.ArrayList<>(all)));
          } else if (!out.containsKey(e.getKey())) {
            out.put(e.getKey(), e.getValue());
          }
        });
      }
    }
    return out;
  }

  /** Gemini refuses a {@code required} name that {@code properties} does not define. */
  private static void keepDeclaredRequired(JsonObject out) {
    if (!(out.getValue("required") instanceof JsonArray required)) {
      return;
    }
    JsonObject props = out.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
    JsonArray kept = new JsonArray();
    required.forEach(name -> {
      if (name instanceof String s && props.containsKey(s)) {
        kept.add(s);
      }
    });
    if (kept.isEmpty()) {
      out.remove("required");
    } else {
      out.put("required", kept);
    }
  }

  /** Gemini refuses an OBJECT schema with no properties as function parameters: such tools get none. */
  static boolean isEmptyObject(JsonObject schema) {
    return "object".equalsIgnoreCase(schema.getString("type", ""))
      && !(schema.getValue("properties") instanceof JsonObject p && !p.isEmpty());
  }
}
