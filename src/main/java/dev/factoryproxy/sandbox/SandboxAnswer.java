package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One answer of the sandbox upstream: a JSON body, or the SSE events of a stream.
 *
 * @param status HTTP status
 * @param json   the body of a JSON answer (null for a stream)
 * @param events the events of a stream, in order (null for a JSON answer)
 */
record SandboxAnswer(int status, JsonObject json, List<Event> events) {

  /** One SSE event; {@code name} null writes a {@code data:} line only (OpenAI Chat, Gemini). */
  record Event(String name, String data) {
    /** An Anthropic / Responses event, named by its {@code type}. */
    static Event typed(JsonObject data) {
      return new Event(data.getString("type"), data.encode());
    }

    static Event data(JsonObject data) {
      return new Event(null, data.encode());
    }
  }

  static SandboxAnswer json(int status, JsonObject body) {
    return new SandboxAnswer(status, body, null);
  }

  static SandboxAnswer stream(List<Event> events) {
    return new SandboxAnswer(200, null, List.copyOf(events));
  }

  /** The SSE text of a stream: {@code event:} (when named) and {@code data:} lines, a blank line after each. */
  String sse() {
    StringBuilder text = new StringBuilder();
    for (Event event : events) {
      if (event.name() != null) {
        text.append("event: ").append(event.name()).append('\n');
      }
      text.append("data: ").append(event.data()).append("\n\n");
    }
    return text.toString();
  }
}
