package dev.factoryproxy.bus;

import io.vertx.core.json.JsonObject;

/** HTTP → upstream, the reply to a {@link StreamMessage.Heartbeat}: whether the HTTP side still holds the stream. */
public record HeartbeatReply(boolean known) {
  public JsonObject toJson() {
    return new JsonObject().put("known", known);
  }

  public static HeartbeatReply fromJson(JsonObject json) {
    return new HeartbeatReply(json != null && json.getBoolean("known", false));
  }
}
