package dev.factoryproxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed, validating reads from a JSON configuration section; every failure names the full key. */
final class ConfigReader {
  private ConfigReader() {
  }

  static JsonObject section(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject)) {
      throw new ConfigException(key(path, key) + " must be an object");
    }
    return (JsonObject) value;
  }

  static String requireString(JsonObject json, String key, String path) {
    String value = string(json, key, path, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key(path, key) + " is required");
    }
    return value;
  }

  static String string(JsonObject json, String key, String path, String fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String)) {
      throw new ConfigException(key(path, key) + " must be a string");
    }
    return (String) value;
  }

  static boolean bool(JsonObject json, String key, String path, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof String && ("true".equalsIgnoreCase((String) value) || "false".equalsIgnoreCase((String) value))) {
      return Boolean.parseBoolean((String) value);
    }
    throw new ConfigException(key(path, key) + " must be true or false, got " + value);
  }

  static int positiveInt(JsonObject json, String key, String path, int fallback) {
    int value = integer(json, key, path, fallback);
    if (value <= 0) {
      throw new ConfigException(key(path, key) + " must be greater than 0, got " + value);
    }
    return value;
  }

  static int intInRange(JsonObject json, String key, String path, int fallback, int min, int max) {
    int value = integer(json, key, path, fallback);
    if (value < min || value > max) {
      throw new ConfigException(key(path, key) + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static int integer(JsonObject json, String key, String path, int fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())) {
      return ((Number) value).intValue();
    }
    if (value instanceof String) {
      try {
        return Integer.parseInt(((String) value).trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new ConfigException(key(path, key) + " must be a whole number, got " + value);
  }

  /** A list of non-blank strings; a JSON string is read as a comma-separated list (as env variables give it). */
  static List<String> stringList(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof String) {
      for (String part : ((String) value).split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    if (!(value instanceof JsonArray)) {
      throw new ConfigException(key(path, key) + " must be a list of strings");
    }
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String) || ((String) item).isBlank()) {
        throw new ConfigException(key(path, key) + "[" + i + "] must be a non-empty string");
      }
      out.add(((String) item).trim());
    }
    return out;
  }

  static Map<String, String> stringMap(JsonObject json, String key, String path) {
    JsonObject section = section(json, key, path);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : section) {
      if (!(entry.getValue() instanceof String)) {
        throw new ConfigException(key(path, key) + "." + entry.getKey() + " must be a string");
      }
      out.put(entry.getKey(), (String) entry.getValue());
    }
    return out;
  }

  static String key(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
