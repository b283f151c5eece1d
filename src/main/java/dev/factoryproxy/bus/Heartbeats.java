package dev.factoryproxy.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream → HTTP inbox, a request: "these calls are still working", one message per (upstream instance, inbox)
 * and period for all the calls it runs for that inbox, instead of one request per stream. The reply
 * ({@link Reply}) names the streams the HTTP side no longer holds (their clients left). Outside the streams'
 * numbering: a beat carries no output, so it needs no place in a stream's order.
 */
public record Heartbeats(List<String> streamIds) {

  public JsonObject toJson() {
    return new JsonObject().put("streams", new JsonArray(new ArrayList<>(streamIds)));
  }

  public DeliveryOptions options(long timeoutMs) {
    return Bus.json().addHeader(Bus.H_KIND, Bus.HEARTBEATS).setSendTimeout(timeoutMs);
  }

  @SuppressWarnings("unchecked")
  public static Heartbeats fromJson(JsonObject json) {
    JsonArray streams = json == null ? null : json.getJsonArray("streams");
    return new Heartbeats(streams == null ? List.of() : (List<String>) (List<?>) streams.getList());
  }

  /** The streams of a {@link Heartbeats} that the HTTP side does not hold. */
  public record Reply(List<String> unknown) {
    public JsonObject toJson() {
      return new JsonObject().put("unknown", new JsonArray(new ArrayList<>(unknown)));
    }

    @SuppressWarnings("unchecked")
    public static Reply fromJson(JsonObject json) {
      JsonArray unknown = json == null ? null : json.getJsonArray("unknown");
      return new Reply(unknown == null ? List.of() : (List<String>) (List<?>) unknown.getList());
    }
  }
}
