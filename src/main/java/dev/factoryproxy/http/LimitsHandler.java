package dev.factoryproxy.http;

import dev.factoryproxy.ops.ProxyMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Admission of a chat completion after authentication: the client's requests per minute, then a slot among the
 * node's and the client's concurrent streams, released when the request ends however it ends.
 */
final class LimitsHandler implements Handler<RoutingContext> {
  static final String RATE_LIMITED = "requests_per_minute_exceeded";
  static final String CLIENT_FULL = "too_many_streams";
  static final String NODE_FULL = "proxy_at_capacity";

  private final StreamSlots slots;
  private final RequestRate rate;
  private final ProxyMetrics metrics;
  private final int perMinute;

  LimitsHandler(StreamSlots slots, RequestRate rate, int perMinute, ProxyMetrics metrics) {
    this.slots = slots;
    this.rate = rate;
    this.perMinute = perMinute;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String client = ctx.get(ClientAuth.CLIENT_ID);
    // a node's own bucket answers at once; a cluster's only when the node's allowance must be refilled (SH8)
    rate.acquire(client).onComplete(waited -> admit(ctx, client, waited.succeeded() ? waited.result() : 0L));
  }

  private void admit(RoutingContext ctx, String client, long waitMs) {
    if (waitMs > 0) {
      long seconds = (waitMs + 999) / 1000;
      ctx.response().putHeader("retry-after", Long.toString(seconds)).putHeader("retry-after-ms", Long.toString(waitMs));
      refuse(ctx, 429, RATE_LIMITED, "rate_limit_error", "This proxy allows " + perMinute
        + " requests per minute per client key; retry in " + seconds + " s");
      return;
    }
    StreamSlots.Refusal refusal = slots.acquire(client);
    if (refusal == StreamSlots.Refusal.NODE_FULL) {
      refuse(ctx, 503, NODE_FULL, "api_error", "This proxy is at its limit of concurrent requests; try again shortly");
    } else if (refusal == StreamSlots.Refusal.CLIENT_FULL) {
      refuse(ctx, 429, CLIENT_FULL, "rate_limit_error",
        "Too many concurrent requests for this client key; wait for one to finish");
    } else {
      ctx.addEndHandler(done -> slots.release(client)); // runs once, on success, failure or a closed connection
      ctx.next();
    }
  }

  private void refuse(RoutingContext ctx, int status, String code, String type, String message) {
    metrics.limitRejected(code);
    ctx.<AccessLog.Entry>get(HttpVerticle.LOG_ENTRY).error(code);
    Responses.error(ctx, status, message, type, code);
  }
}
