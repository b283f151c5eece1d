package dev.factoryproxy.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Upstream → HTTP inbox: the messages of one exchange, each numbered ({@link Bus#H_SEQ}) and tagged with its
 * stream id. Encoding and decoding live here and nowhere else.
 * <ul>
 *   <li>{@link Complete}: the whole answer (non-stream, or an error before any output);</li>
 *   <li>{@link Head}, then {@link Data} buffers of client SSE text, then {@link End}: a stream;</li>
 *   <li>{@link Heartbeat}: a request, "still working on it"; the reply ({@link HeartbeatReply}) says whether the
 *       client is still there.</li>
 * </ul>
 */
public sealed interface StreamMessage {
  /** The value of {@link Bus#H_KIND}. */
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

  /** The delivery options that carry this message as number {@code seq} of stream {@code streamId}. */
  default DeliveryOptions options(String streamId, long seq) {
    DeliveryOptions options = new DeliveryOptions()
      .addHeader(Bus.H_KIND, kind())
      .addHeader(Bus.H_STREAM, streamId)
      .addHeader(Bus.H_SEQ, Long.toString(seq));
    return body() instanceof JsonObject ? options.setCodecName(SharedJsonCodec.NAME) : options;
  }

  /** The stream id a received message belongs to. */
  static String streamId(Message<?> message) {
    return message.headers().get(Bus.H_STREAM);
  }

  /** The sequence number of a received message. */
  static long seq(Message<?> message) {
    return Long.parseLong(message.headers().get(Bus.H_SEQ));
  }

  /** A received message; null for a kind this version does not know. */
  static StreamMessage decode(Message<?> message) {
    return decode(message.headers(), message.body());
  }

  static StreamMessage decode(MultiMap headers, Object body) {
    String kind = headers.get(Bus.H_KIND);
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
