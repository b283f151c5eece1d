package dev.factoryproxy.bus;

import dev.factoryproxy.translate.ResponseContext;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * One call for an upstream verticle, sent on {@link Bus#UPSTREAM_START}.
 *
 * @param streamId        identifies the exchange in the inbox and control messages
 * @param requestId       the proxy's request id, for logs on every node
 * @param inbox           the HTTP instance's inbox that receives the answer
 * @param client          the client dialect's name ({@code chat}, {@code messages}, ...)
 * @param route           the route's label ({@code messages}, {@code responses}, ...)
 * @param body            the route's request body
 * @param context         what the response translation needs
 * @param upstreamHeaders extra headers from the translation (e.g. anthropic-beta)
 * @param clientKey       passthrough mode only: the client's own Factory key; null when the proxy holds the keys
 * @param pathSuffix      appended to the route's URL (Messages' {@code /count_tokens}); null for the route itself
 */
public record UpstreamJob(String streamId, String requestId, String inbox, String client, String route,
                          JsonObject body, ResponseContext context, Map<String, String> upstreamHeaders,
                          String clientKey, String pathSuffix) {

  /** A call to the route's own URL. */
  public UpstreamJob(String streamId, String requestId, String inbox, String client, String route, JsonObject body,
                     ResponseContext context, Map<String, String> upstreamHeaders, String clientKey) {
    this(streamId, requestId, inbox, client, route, body, context, upstreamHeaders, clientKey, null);
  }

  /**
   * The same job without its body: what a call keeps once the request is sent and no retry can need it again (a
   * Claude Code request is often hundreds of KB, and a stream may last minutes).
   */
  public UpstreamJob withoutBody() {
    return new UpstreamJob(streamId, requestId, inbox, client, route, null, context, upstreamHeaders, clientKey,
      pathSuffix);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("streamId", streamId)
      .put("requestId", requestId)
      .put("inbox", inbox)
      .put("client", client)
      .put("route", route)
      .put("body", body)
      .put("context", context.toJson())
      .put("upstreamHeaders", JsonMaps.toJson(upstreamHeaders))
      .put("clientKey", clientKey)
      .put("pathSuffix", pathSuffix);
  }

  public static UpstreamJob fromJson(JsonObject json) {
    return new UpstreamJob(json.getString("streamId"), json.getString("requestId"), json.getString("inbox"),
      json.getString("client"), json.getString("route"), json.getJsonObject("body"),
      ResponseContext.fromJson(json.getJsonObject("context")),
      JsonMaps.fromJson(json.getJsonObject("upstreamHeaders")), json.getString("clientKey"),
      json.getString("pathSuffix"));
  }

  @Override
  public String toString() { // never print the key
    return "UpstreamJob[" + requestId + ", stream " + streamId + "]";
  }
}
