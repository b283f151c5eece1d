package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

import static dev.factoryproxy.testing.Rejection.requireValid;

/**
 * Typed reads of request fields that fail the way the Anthropic API does, with the field's dotted path
 * ({@code messages.0.content.1.text: Input should be a valid string}).
 */
final class Inputs {
  private Inputs() {
  }

  static Object required(JsonObject parent, String key, String path) {
    requireValid(parent.getValue(key) != null, path + ": Field required");
    return parent.getValue(key);
  }

  /** The string at {@code key} of the object at {@code parentPath} ("" for the body itself). */
  static String requiredString(JsonObject parent, String key, String parentPath) {
    String path = parentPath.isEmpty() ? key : parentPath + "." + key;
    return string(required(parent, key, path), path);
  }

  static String string(Object value, String path) {
    requireValid(value instanceof String, path + ": Input should be a valid string");
    return (String) value;
  }

  static JsonObject object(Object value, String path) {
    requireValid(value instanceof JsonObject, path + ": Input should be a valid dictionary");
    return (JsonObject) value;
  }

  static JsonArray array(Object value, String path) {
    requireValid(value instanceof JsonArray, path + ": Input should be a valid list");
    return (JsonArray) value;
  }

  static long integer(Object value, String path) {
    requireValid(value instanceof Integer || value instanceof Long, path + ": Input should be a valid integer");
    return ((Number) value).longValue();
  }

  static double number(Object value, String path) {
    requireValid(value instanceof Number, path + ": Input should be a valid number");
    return ((Number) value).doubleValue();
  }

  static boolean bool(Object value, String path) {
    requireValid(value instanceof Boolean, path + ": Input should be a valid boolean");
    return (Boolean) value;
  }

  /** Rejects keys outside {@code allowed}, as the API's strict schemas do. */
  static void onlyKeys(JsonObject object, Set<String> allowed, String pathPrefix) {
    for (String key : object.fieldNames()) {
      requireValid(allowed.contains(key), pathPrefix + key + ": Extra inputs are not permitted");
    }
  }

  /** Rejects a value outside {@code allowed}: {@code path: Input should be 'a', 'b' or 'c'}. */
  static String oneOf(String value, List<String> allowed, String path) {
    requireValid(allowed.contains(value), path + ": Input should be " + quotedChoice(allowed));
    return value;
  }

  private static String quotedChoice(List<String> allowed) {
    List<String> quoted = allowed.stream().map(choice -> "'" + choice + "'").toList();
    String allButLast = String.join(", ", quoted.subList(0, quoted.size() - 1));
    return allButLast.isEmpty() ? quoted.get(0) : allButLast + " or " + quoted.get(quoted.size() - 1);
  }

  /** A {@code number} in [min, max], with the API's messages for each bound. */
  static double numberBetween(Object value, double min, double max, String path) {
    double number = number(value, path);
    requireValid(number >= min, path + ": Input should be greater than or equal to " + plain(min));
    requireValid(number <= max, path + ": Input should be less than or equal to " + plain(max));
    return number;
  }

  private static String plain(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
