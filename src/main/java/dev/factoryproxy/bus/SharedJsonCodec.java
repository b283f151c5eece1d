package dev.factoryproxy.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * JsonObject messages without the deep copy Vert.x makes on local delivery: the receiver gets the sender's
 * object. Safe because every sender in this protocol builds a message, sends it and never touches it again
 * (see {@link Bus}). Across a cluster the wire format is the same as Vert.x's own JsonObject codec.
 */
public final class SharedJsonCodec implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "factory-proxy.shared-json";

  SharedJsonCodec() {
  }

  /**
   * Registers the codec on this event bus. The composition root calls it once per node; a second node deployed on
   * the same Vert.x instance (tests) finds it registered already, which is fine: the codec has no state.
   */
  public static void register(EventBus bus) {
    Bus.registerOnce(bus, new SharedJsonCodec());
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
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
