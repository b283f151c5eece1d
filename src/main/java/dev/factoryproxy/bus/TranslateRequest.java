package dev.factoryproxy.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * HTTP → translator on {@link Bus#TRANSLATE}: one client request in its client dialect. The reply is a
 * {@link TranslationReply}; a refusal is a {@link TranslationFailure}.
 *
 * @param client        the client dialect's name ({@code chat}, {@code messages}, ...)
 * @param body          the client's request body, as parsed
 * @param clientHeaders the client headers a dialect may read (lower-case names)
 * @param requestId     the proxy's request id, for logs
 * @param receivedAt    unix seconds at receipt (reported back as {@code created})
 */
public record TranslateRequest(String client, JsonObject body, Map<String, String> clientHeaders, String requestId,
                               long receivedAt) {

  public JsonObject toJson() {
    return new JsonObject().put("client", client).put("body", body)
      .put("clientHeaders", JsonMaps.toJson(clientHeaders));
  }

  /** The message's delivery options: the JSON codec, the timeout and the id headers. */
  public DeliveryOptions options(long timeoutMs) {
    return Bus.json().setSendTimeout(timeoutMs)
      .addHeader(Bus.H_REQUEST_ID, requestId)
      .addHeader(Bus.H_RECEIVED_AT, Long.toString(receivedAt));
  }

  public static TranslateRequest from(Message<JsonObject> message) {
    return fromJson(message.body(), message.headers().get(Bus.H_REQUEST_ID),
      Long.parseLong(message.headers().get(Bus.H_RECEIVED_AT)));
  }

  /** A body without {@code client} is the wire form before dialects: a Chat Completions request itself. */
  static TranslateRequest fromJson(JsonObject json, String requestId, long receivedAt) {
    if (json == null || !(json.getValue("client") instanceof String)) {
      return new TranslateRequest("chat", json, Map.of(), requestId, receivedAt);
    }
    return new TranslateRequest(json.getString("client"), json.getJsonObject("body"),
      JsonMaps.fromJson(json.getJsonObject("clientHeaders")), requestId, receivedAt);
  }
}
