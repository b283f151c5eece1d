package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Typed reads from the client's request, each naming the JSON path of the field it reads, so every
 * rejection becomes a 400 whose {@code param} points at the bad field (E1).
 * JSON {@code null} counts as absent, as it does for OpenAI's optional fields.
 */
public final class RequestFields {
  private RequestFields() {
  }

  /** {@code parent.key}, or just {@code key} at the top level. */
  public static String path(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** {@code parent[i]}. */
  public static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }

  public static InvalidRequestException invalid(String param, String message) {
    return new InvalidRequestException(param, message);
  }

  public static String string(JsonObject json, String key, String parent) {
    return typed(json, key, parent, String.class, "a string");
  }

  public static String requiredString(JsonObject json, String key, String parent) {
    String value = string(json, key, parent);
    return value == null || value.isEmpty() ? missing(parent, key, "a non-empty string") : value;
  }

  /** A string that must be present but may be empty (text that R5 may drop later). */
  public static String text(JsonObject json, String key, String parent) {
    String value = string(json, key, parent);
    return value == null ? missing(parent, key, "a string") : value;
  }

  public static Boolean bool(JsonObject json, String key, String parent) {
    return typed(json, key, parent, Boolean.class, "true or false");
  }

  public static boolean isTrue(JsonObject json, String key, String parent) {
    return Boolean.TRUE.equals(bool(json, key, parent));
  }

  public static JsonObject object(JsonObject json, String key, String parent) {
    return typed(json, key, parent, JsonObject.class, "an object");
  }

  public static JsonObject requiredObject(JsonObject json, String key, String parent) {
    JsonObject value = object(json, key, parent);
    return value == null ? missing(parent, key, "an object") : value;
  }

  public static JsonArray array(JsonObject json, String key, String parent) {
    return typed(json, key, parent, JsonArray.class, "an array");
  }

  public static JsonArray requiredArray(JsonObject json, String key, String parent) {
    JsonArray value = array(json, key, parent);
    return value == null ? missing(parent, key, "an array") : value;
  }

  /** The field's value when absent (null) or of the wanted type; otherwise a 400 saying what it must be. */
  private static <T> T typed(JsonObject json, String key, String parent, Class<T> type, String what) {
    Object value = json.getValue(key);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    String path = path(parent, key);
    throw invalid(path, path + " must be " + what);
  }

  private static <T> T missing(String parent, String key, String what) {
    String path = path(parent, key);
    throw invalid(path, path + " is required and must be " + what);
  }

  /** The element at {@code i}, which must be an object. */
  public static JsonObject objectAt(JsonArray array, int i, String arrayPath) {
    Object value = array.getValue(i);
    if (value instanceof JsonObject) {
      return (JsonObject) value;
    }
    String path = index(arrayPath, i);
    throw invalid(path, path + " must be an object");
  }

  /** A number within [min, max]; the client's own numeric value is kept so it is forwarded unchanged. */
  public static Number number(JsonObject json, String key, double min, double max) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number) || ((Number) value).doubleValue() < min || ((Number) value).doubleValue() > max) {
      throw invalid(key, key + " must be a number between " + format(min) + " and " + format(max));
    }
    return (Number) value;
  }

  /** A whole number ≥ 1 (a JSON {@code 100.0} counts as whole). */
  public static Integer positiveInt(JsonObject json, String key, String parent) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    double d = value instanceof Number ? ((Number) value).doubleValue() : Double.NaN;
    if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
      String path = path(parent, key);
      throw invalid(path, path + " must be a whole number greater than 0");
    }
    return (int) d;
  }

  private static String format(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
