package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.TranslationReply;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions}: hands the OpenAI request to a translator, then the Anthropic request to an
 * upstream verticle, and lets an {@link Exchange} write what comes back to this instance's {@link Inbox}.
 */
final class ChatCompletionsHandler implements Handler<RoutingContext> {
  /** Client headers that reach Factory (the rest of the identity is the proxy's). */
  private static final String[] FORWARDED_HEADERS = {"anthropic-version", "anthropic-beta", "x-session-id",
    "x-assistant-message-id"};
  private static final long BUS_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Inbox inbox;
  private final Exchange.Timeouts timeouts;

  ChatCompletionsHandler(Vertx vertx, Inbox inbox, Exchange.Timeouts timeouts) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.timeouts = timeouts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    AccessLog.Entry log = ctx.get(HttpVerticle.LOG_ENTRY);
    JsonObject request = parse(ctx);
    if (request == null) {
      return;
    }
    log.request(String.valueOf(request.getValue("model")), Boolean.TRUE.equals(request.getValue("stream")));
    DeliveryOptions options = Bus.json().setSendTimeout(BUS_TIMEOUT_MS)
      .addHeader(Bus.H_REQUEST_ID, log.requestId())
      .addHeader(Bus.H_RECEIVED_AT, Long.toString(System.currentTimeMillis() / 1000));
    vertx.eventBus().<JsonObject>request(Bus.TRANSLATE, request, options)
      .onSuccess(reply -> dispatch(ctx, log, TranslationReply.fromJson(reply.body())))
      .onFailure(err -> busFailure(ctx, log, err, "translator"));
  }

  /** The body must be one standard JSON object (StrictJson, J1–J9); everything about its fields is the translator's. */
  private static JsonObject parse(RoutingContext ctx) {
    try {
      return StrictJson.parseObject(ctx.body().buffer());
    } catch (StrictJson.Rejected e) {
      Responses.json(ctx, 400, dev.factoryproxy.translate.OpenAiErrors.body(e.getMessage(), "invalid_request_error",
        null, "invalid_json"));
      return null;
    }
  }

  private void dispatch(RoutingContext ctx, AccessLog.Entry log, TranslatedRequest translated) {
    if (ctx.response().closed()) {
      return; // the client left while we translated: nothing to call
    }
    Map<String, String> headers = upstreamHeaders(ctx, translated);
    String clientKey = ctx.get(ClientAuth.CLIENT_KEY);
    DeliveryOptions options = Bus.json().setSendTimeout(BUS_TIMEOUT_MS).addHeader(Bus.H_REQUEST_ID, log.requestId());
    new Exchange(vertx, inbox, ctx, timeouts, streamId -> {
      UpstreamJob job = new UpstreamJob(streamId, log.requestId(), inbox.address(), translated.body(),
        translated.context(), headers, clientKey);
      return vertx.eventBus().<JsonObject>request(Bus.UPSTREAM_START, job.toJson(), options)
        .map(ack -> ack.body().getString("control"));
    }, translated.warnings(), log).start();
  }

  private static Map<String, String> upstreamHeaders(RoutingContext ctx, TranslatedRequest translated) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : FORWARDED_HEADERS) {
      String value = ctx.request().getHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    translated.upstreamHeaders().forEach((name, value) -> headers.merge(name, value, (a, b) -> a + "," + b));
    return headers;
  }

  private static void busFailure(RoutingContext ctx, AccessLog.Entry log, Throwable err, String role) {
    if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      JsonObject body = new JsonObject(reply.getMessage()); // the translator's OpenAI error body
      log.error(body.getJsonObject("error").getString("code") != null
        ? body.getJsonObject("error").getString("code") : "invalid_request");
      Responses.json(ctx, reply.failureCode(), body);
    } else {
      log.error("service_unavailable");
      Responses.error(ctx, 503, unavailable(err, role), "api_error", "service_unavailable");
    }
    log.done(ctx.response().getStatusCode());
  }

  private static String unavailable(Throwable err, String role) {
    if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return "No " + role + " is running in the cluster; try again shortly";
    }
    return "The " + role + " did not answer in time; try again shortly";
  }
}
