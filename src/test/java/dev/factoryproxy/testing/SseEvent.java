package dev.factoryproxy.testing;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One server-sent event as the fake writes it ({@code event: X\ndata: Y\n\n}), after waiting {@code delayMs}.
 * A null {@code event} writes a data-only frame.
 */
public record SseEvent(String event, String data, long delayMs) {

  public SseEvent(String event, String data) {
    this(event, data, 0);
  }

  /** An Anthropic stream event: its name is the payload's {@code type}. */
  public static SseEvent of(JsonObject payload) {
    return new SseEvent(payload.getString("type"), payload.encode());
  }

  public SseEvent withDelay(long delayMs) {
    return new SseEvent(event, data, delayMs);
  }

  public String wireText() {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }

  /** Reads {@code event:}/{@code data:} pairs separated by blank lines, as in translation.md section C. */
  public static List<SseEvent> parse(String rawSse) {
    List<SseEvent> events = new ArrayList<>();
    for (String frame : rawSse.strip().split("\\R\\s*\\R")) {
      String event = null;
      List<String> data = new ArrayList<>();
      for (String line : frame.split("\\R")) {
        if (line.startsWith("event:")) {
          event = fieldValue(line, "event:");
        } else if (line.startsWith("data:")) {
          data.add(fieldValue(line, "data:"));
        }
      }
      if (!data.isEmpty()) {
        events.add(new SseEvent(event, String.join("\n", data)));
      }
    }
    return events;
  }

  /** The text after the field name, without the one optional space the SSE format allows there. */
  private static String fieldValue(String line, String field) {
    String value = line.substring(field.length());
    return value.startsWith(" ") ? value.substring(1) : value;
  }
}
