package dev.factoryproxy.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Upstream → HTTP inbox: the messages of one exchange, each carried in a {@link StreamEnvelope} with its stream id
 * and number. Encoding and decoding live here and in the envelope's codec, nowhere else.
 * <ul>
 *   <li>{@link Complete}: the whole answer (non-stream, or an error before any output);</li>
 *   <li>{@link Head}, then {@link Data} buffers of client SSE text, then {@link End}: a stream;</li>
 *   <li>{@link Heartbeat}: a request, "still working on it"; the reply ({@link HeartbeatReply}) says whether the
 *       client is still there.</li>
 * </ul>
 */
public sealed interface StreamMessage {
  /** Which message this is ({@link Bus#HEAD}, {@link Bus#DATA}, ...), as the wire names it. */
  String kind();

  /** The message body as sent: a JsonObject, a Buffer or null. */
  Object body();

  /** The whole answer: status, headers for the client, body. */
  record Complete(int status, Map<String, String> headers, JsonObject answer) implements StreamMessage {
    public String kind() {
      return Bus.COMPLETE;
    }

    public Object body() {
      return new JsonObject().put("status", status).put("headers", JsonMaps.toJson(headers)).put("body", answer);
    }
  }

  /** A stream starts: status and headers for the client, and the control address of the call. */
  record Head(int status, Map<String, String> headers, String control) implements StreamMessage {
    public String kind() {
      return Bus.HEAD;
    }

    public Object body() {
      return new JsonObject().put("status", status).put("headers", JsonMaps.toJson(headers)).put("control", control);
    }
  }

  /** Client SSE text, complete frames. */
  record Data(Buffer frames) implements StreamMessage {
    public String kind() {
      return Bus.DATA;
    }

    public Object body() {
      return frames;
    }
  }

  /** The stream is over; {@code error} is the error code when it ended with an error frame, else null. */
  record End(String finishReason, JsonObject usage, String error) implements StreamMessage {
    public String kind() {
      return Bus.END;
    }

    public Object body() {
      return new JsonObject().put("finishReason", finishReason).put("usage", usage).put("error", error);
    }
  }

  /** "Still working on it" (sent as a request). */
  record Heartbeat() implements StreamMessage {
    public String kind() {
      return Bus.HEARTBEAT;
    }

    public Object body() {
      return null;
    }
  }

  /** A received message of kind {@code kind} ({@link #kind()}) and body {@code body}; null for a kind this version
   * does not know. */
  static StreamMessage decode(String kind, Object body) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case Bus.COMPLETE -> {
        JsonObject json = (JsonObject) body;
        yield new Complete(json.getInteger("status"), JsonMaps.fromJson(json.getJsonObject("headers")),
          json.getJsonObject("body"));
      }
      case Bus.HEAD -> {
        JsonObject json = (JsonObject) body;
        yield new Head(json.getInteger("status"), JsonMaps.fromJson(json.getJsonObject("headers")),
          json.getString("control"));
      }
      case Bus.DATA -> new Data((Buffer) body);
      case Bus.END -> {
        JsonObject json = (JsonObject) body;
        yield new End(json.getString("finishReason"), json.getJsonObject("usage"), json.getString("error"));
      }
      case Bus.HEARTBEAT -> new Heartbeat();
      default -> null;
    };
  }
}
