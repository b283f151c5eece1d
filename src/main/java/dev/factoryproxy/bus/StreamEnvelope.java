package dev.factoryproxy.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * One {@link StreamMessage} of stream {@code streamId}, number {@code seq}: the body of every message an upstream
 * call sends to an HTTP inbox. The stream id and number ride in the body, not in headers: Vert.x copies a message's
 * headers into a new map on every local delivery, which for a streamed delta cost two header maps, a
 * {@code Long.toString} and its parse. Locally the receiver gets the sender's envelope (its parts are immutable or,
 * like the JSON of {@link StreamMessage.Complete}, never touched by the sender again, see {@link Bus}); across a
 * cluster {@link Codec} writes it.
 */
public record StreamEnvelope(String streamId, long seq, StreamMessage message) {

  /** How envelopes are sent: their codec, no headers. One shared instance: Vert.x only reads it. */
  static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(Codec.NAME);

  /** Options of one's own for sending an envelope (to add a timeout, say). */
  public static DeliveryOptions sendOptions() {
    return new DeliveryOptions(OPTIONS);
  }

  /** The envelope's wire form: stream id, number, kind, then the message's own body. */
  static final class Codec implements MessageCodec<StreamEnvelope, StreamEnvelope> {
    /** With the protocol's version: a node that does not know it refuses the message instead of misreading it. */
    static final String NAME = "factory-proxy.stream.v2";

    @Override
    public void encodeToWire(Buffer buffer, StreamEnvelope envelope) {
      byte[] stream = envelope.streamId().getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(stream.length).appendBytes(stream).appendLong(envelope.seq());
      byte[] kind = envelope.message().kind().getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(kind.length).appendBytes(kind);
      Object body = envelope.message().body();
      Buffer payload = body == null ? null : body instanceof Buffer data ? data : ((JsonObject) body).toBuffer();
      buffer.appendInt(payload == null ? -1 : payload.length());
      if (payload != null) {
        buffer.appendBuffer(payload);
      }
    }

    @Override
    public StreamEnvelope decodeFromWire(int pos, Buffer buffer) {
      int at = pos;
      int streamLength = buffer.getInt(at);
      String stream = buffer.getString(at + 4, at + 4 + streamLength, "UTF-8");
      at += 4 + streamLength;
      long seq = buffer.getLong(at);
      at += 8;
      int kindLength = buffer.getInt(at);
      String kind = buffer.getString(at + 4, at + 4 + kindLength, "UTF-8");
      at += 4 + kindLength;
      int payloadLength = buffer.getInt(at);
      Buffer payload = payloadLength < 0 ? null : buffer.getBuffer(at + 4, at + 4 + payloadLength);
      boolean json = payload != null && (Bus.COMPLETE.equals(kind) || Bus.HEAD.equals(kind) || Bus.END.equals(kind));
      Object body = json ? new JsonObject(payload) : payload; // DATA's text, or a kind this version does not know
      return new StreamEnvelope(stream, seq, StreamMessage.decode(kind, body));
    }

    @Override
    public StreamEnvelope transform(StreamEnvelope envelope) {
      return envelope;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
