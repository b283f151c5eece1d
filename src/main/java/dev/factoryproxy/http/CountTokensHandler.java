package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.StartAck;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.client.messages.ClaudePassThrough;
import dev.factoryproxy.client.messages.CountTokens;
import dev.factoryproxy.config.ModelCatalog;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/messages/count_tokens} (MC1-MC3). A Claude model's count goes to Factory's count route with the
 * pass-through's adjustments, through an upstream verticle like any call (keys, retries, timeouts); when Factory
 * refuses, or the model is on a route without a count, the answer is the proxy's estimate with a warning, because
 * Claude Code's context management breaks without one. The adaptation is pure and small, so it runs here rather
 * than on a translator.
 */
final class CountTokensHandler implements Handler<RoutingContext> {
  private static final String[] CLIENT_HEADERS = {"anthropic-version", "anthropic-beta"};
  private static final long BUS_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Inbox inbox;
  private final Exchange.Timeouts timeouts;
  private final Dialects dialects;
  private final ModelCatalog models;
  private final ClaudePassThrough claude;
  private final ClientDialect messages;

  CountTokensHandler(Vertx vertx, Inbox inbox, Exchange.Timeouts timeouts, Dialects dialects, ModelCatalog models,
                     ClaudePassThrough claude, ClientDialect messages) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.timeouts = timeouts;
    this.dialects = dialects;
    this.models = models;
    this.claude = claude;
    this.messages = messages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    AccessLog.Entry log = ctx.get(HttpVerticle.LOG_ENTRY);
    JsonObject request = Responses.strictBody(ctx); // its fields are the translator's business
    if (request == null) {
      return;
    }
    log.request(String.valueOf(request.getValue("model")), false);
    TranslatedRequest counted;
    try {
      ModelInfo model = request.getValue("model") instanceof String id ? models.resolve(id) : null;
      Route route = model == null ? Route.MESSAGES
        : dialects.routeFor(model, models.configuredId(model.id()) != null);
      if (model == null || route != Route.MESSAGES) {
        JsonObject estimate = CountTokens.estimateChecked(request); // a missing model is a 400 from here
        ctx.response().putHeader("x-proxy-warning", CountTokens.NO_COUNT_ROUTE_WARNING);
        Responses.json(ctx, 200, estimate);
        return;
      }
      counted = claude.adaptCountTokens(request, clientHeaders(ctx), Dialects.onRoute(model, Route.MESSAGES));
    } catch (InvalidRequestException e) {
      log.error("invalid_request");
      Responses.error(ctx, 400, OpenAiErrors.body(e.getMessage(), "invalid_request_error", e.param(), null));
      return;
    }
    JsonObject estimate = CountTokens.estimate(counted.body());
    String clientKey = ctx.get(ClientAuth.CLIENT_KEY);
    DeliveryOptions options = Bus.json().setSendTimeout(BUS_TIMEOUT_MS).addHeader(Bus.H_REQUEST_ID, log.requestId());
    new Exchange(vertx, inbox, ctx, timeouts, streamId -> {
      UpstreamJob job = new UpstreamJob(streamId, log.requestId(), inbox.address(), claude.client(),
        Route.MESSAGES.label(), counted.body(), counted.context(), counted.upstreamHeaders(), clientKey,
        CountTokens.UPSTREAM_SUFFIX);
      return vertx.eventBus().<JsonObject>request(Bus.UPSTREAM_START, job.toJson(), options)
        .map(ack -> StartAck.fromJson(ack.body()).control());
    }, List.copyOf(counted.warnings()), log, messages).orElse(estimate, CountTokens.ESTIMATE_WARNING).start();
  }

  private static Map<String, String> clientHeaders(RoutingContext ctx) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : CLIENT_HEADERS) {
      String value = ctx.request().getHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return headers;
  }
}
