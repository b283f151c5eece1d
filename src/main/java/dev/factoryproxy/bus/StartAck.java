package dev.factoryproxy.bus;

import io.vertx.core.json.JsonObject;

/** Upstream → HTTP, the reply to an {@link UpstreamJob} on {@link Bus#UPSTREAM_START}: the call's control address. */
public record StartAck(String control) {
  public JsonObject toJson() {
    return new JsonObject().put("control", control);
  }

  public static StartAck fromJson(JsonObject json) {
    return new StartAck(json.getString("control"));
  }
}
