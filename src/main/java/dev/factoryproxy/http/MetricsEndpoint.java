package dev.factoryproxy.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics} in the Prometheus text format. Rendering walks every meter, so it runs on a worker thread:
 * a scrape never holds up an event loop (and unordered, so concurrent scrapes do not queue behind each other).
 */
final class MetricsEndpoint implements Handler<RoutingContext> {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;

  MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    vertx.executeBlocking(registry::scrape, false)
      .onSuccess(text -> ctx.response().putHeader("content-type", CONTENT_TYPE).end(text))
      .onFailure(ctx::fail);
  }
}
