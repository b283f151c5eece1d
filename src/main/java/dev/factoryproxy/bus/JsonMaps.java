package dev.factoryproxy.bus;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** String maps (header sets) to and from JSON, for message bodies that cross the bus. */
public final class JsonMaps {
  private JsonMaps() {
  }

  public static JsonObject toJson(Map<String, String> map) {
    JsonObject json = new JsonObject();
    map.forEach(json::put);
    return json;
  }

  public static Map<String, String> fromJson(JsonObject json) {
    Map<String, String> map = new LinkedHashMap<>();
    if (json != null) {
      json.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return map;
  }
}
