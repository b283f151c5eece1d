package dev.factoryproxy.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plain HTTP calls (what curl does) and the comparison of two answers' shapes, for the sandbox tests. */
final class Wire {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Wire() {
  }

  static HttpResponse<String> post(String url, MultiMap headers, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
      .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    headers.forEach(header -> {
      if (!List.of("content-length", "host").contains(header.getKey().toLowerCase())) {
        request.header(header.getKey(), header.getValue());
      }
    });
    return send(request);
  }

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code (event, data)} pairs of an SSE body. */
  static List<Map.Entry<String, String>> events(String sse) {
    List<Map.Entry<String, String>> events = new ArrayList<>();
    for (String frame : sse.replace("\r\n", "\n").split("\n\n")) {
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line : frame.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).trim());
        }
      }
      if (data.length() > 0) {
        events.add(Map.entry(name == null ? "" : name, data.toString()));
      }
    }
    return events;
  }

  /**
   * The shape of an answer: for JSON, its keys and value kinds, not its values; for SSE, the event names in order
   * with each event's data shape. Two answers of one shape parse alike in any client.
   */
  static Object shape(HttpResponse<String> response) {
    return shape(response, response.body());
  }

  /** The same for {@code body} in place of the response's own (a test that set a known difference aside). */
  static Object shape(HttpResponse<String> response, String body) {
    String type = response.headers().firstValue("content-type").orElse("");
    if (type.startsWith("text/event-stream")) {
      List<Object> stream = new ArrayList<>();
      for (Map.Entry<String, String> event : events(body)) {
        Object data = event.getValue().startsWith("{") ? shapeOf(new JsonObject(event.getValue())) : event.getValue();
        stream.add(List.of(event.getKey(), data));
      }
      return List.of(response.statusCode(), "sse", stream);
    }
    return List.of(response.statusCode(), "json", shapeOf(Json.decodeValue(body)));
  }

  private static Object shapeOf(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> keys = new TreeMap<>();
      object.forEach(entry -> keys.put(entry.getKey(), shapeOf(entry.getValue())));
      return keys;
    }
    if (value instanceof JsonArray array) {
      List<Object> items = new ArrayList<>();
      array.forEach(item -> items.add(shapeOf(item)));
      return items;
    }
    if (value == null) {
      return "null";
    }
    return value instanceof String ? "string" : value instanceof Boolean ? "boolean" : "number";
  }
}
