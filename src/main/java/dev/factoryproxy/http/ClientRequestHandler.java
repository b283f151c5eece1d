package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.StartAck;
import dev.factoryproxy.bus.TranslateRequest;
import dev.factoryproxy.bus.TranslationFailure;
import dev.factoryproxy.bus.TranslationReply;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.InvalidRequestException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST} on one client dialect's path (e.g. {@code /v1/chat/completions}): hands the client's request to a
 * translator, then the route's request to an upstream verticle, and lets an {@link Exchange} write what comes back
 * to this instance's {@link Inbox}. The same handler serves every dialect; errors it raises itself are rendered by
 * the {@link ClientDialect}.
 */
final class ClientRequestHandler implements Handler<RoutingContext> {
  /** Client headers that reach Factory (the rest of the identity is the proxy's). */
  private static final String[] FORWARDED_HEADERS = {"anthropic-version", "anthropic-beta", "x-session-id",
    "x-assistant-message-id"};
  private static final long BUS_TIMEOUT_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClientRequestHandler.class);

  private final Vertx vertx;
  private final Inbox inbox;
  private final Exchange.Timeouts timeouts;
  private final ClientDialect client;
  private final Conversations conversations;

  ClientRequestHandler(Vertx vertx, Inbox inbox, Exchange.Timeouts timeouts, ClientDialect client,
                       Conversations conversations) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.timeouts = timeouts;
    this.client = client;
    this.conversations = conversations;
  }

  @Override
  public void handle(RoutingContext ctx) {
    AccessLog.Entry log = ctx.get(HttpVerticle.LOG_ENTRY);
    JsonObject request = Responses.strictBody(ctx); // its fields are the translator's business
    if (request == null) {
      return;
    }
    log.request(String.valueOf(request.getValue("model")), Boolean.TRUE.equals(request.getValue("stream")));
    long receivedAt = System.currentTimeMillis() / 1000;
    Future<JsonObject> expanded;
    try {
      expanded = conversations.expand(request);
    } catch (InvalidRequestException e) {
      expanded = Future.failedFuture(e);
    }
    expanded.onSuccess(body -> translate(ctx, log, body, receivedAt))
      .onFailure(err -> notExpanded(ctx, log, err));
  }

  private void translate(RoutingContext ctx, AccessLog.Entry log, JsonObject request, long receivedAt) {
    if (ctx.response().closed()) {
      return;
    }
    TranslateRequest translate = new TranslateRequest(client.name(), request, forwardedHeaders(ctx), log.requestId(),
      receivedAt);
    vertx.eventBus().<JsonObject>request(Bus.TRANSLATE, translate.toJson(), translate.options(BUS_TIMEOUT_MS))
      .onSuccess(reply -> dispatch(ctx, log, TranslationReply.fromJson(reply.body()), request))
      .onFailure(err -> busFailure(ctx, log, err, "translator"));
  }

  /** An earlier turn the request names is not kept (400 naming the field), or the store did not answer (503). */
  private void notExpanded(RoutingContext ctx, AccessLog.Entry log, Throwable err) {
    if (err instanceof InvalidRequestException invalid) {
      log.error("invalid_request");
      Responses.json(ctx, 400, client.errorBody(400, OpenAiErrors.body(invalid.getMessage(), "invalid_request_error",
        invalid.param(), null)));
    } else {
      LOG.warn("[{}] conversation store failed: {}", log.requestId(), err.toString());
      log.error("service_unavailable");
      Responses.json(ctx, 503, client.errorBody(503, OpenAiErrors.body("The proxy's conversation store did not "
        + "answer; try again shortly", "api_error", null, "service_unavailable")));
    }
    log.done(ctx.response().getStatusCode());
  }

  private void dispatch(RoutingContext ctx, AccessLog.Entry log, TranslationReply reply, JsonObject request) {
    if (ctx.response().closed()) {
      return; // the client left while we translated: nothing to call
    }
    TranslatedRequest translated = reply.translated();
    Map<String, String> headers = upstreamHeaders(ctx, translated);
    String clientKey = ctx.get(ClientAuth.CLIENT_KEY);
    DeliveryOptions options = Bus.json().setSendTimeout(BUS_TIMEOUT_MS).addHeader(Bus.H_REQUEST_ID, log.requestId());
    new Exchange(vertx, inbox, ctx, timeouts, streamId -> {
      UpstreamJob job = new UpstreamJob(streamId, log.requestId(), inbox.address(), client.name(), reply.route(),
        translated.body(), translated.context(), headers, clientKey);
      return vertx.eventBus().<JsonObject>request(Bus.UPSTREAM_START, job.toJson(), options)
        .map(ack -> StartAck.fromJson(ack.body()).control());
    }, translated.warnings(), log, client, conversations.recorder(request)).start();
  }

  /** What a dialect may read of the client's headers (a pass-through forwards {@code anthropic-beta}, ...). */
  private static Map<String, String> forwardedHeaders(RoutingContext ctx) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : FORWARDED_HEADERS) {
      String value = ctx.request().getHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    return headers;
  }

  private Map<String, String> upstreamHeaders(RoutingContext ctx, TranslatedRequest translated) {
    // The hub client's headers go to Factory as they came (as before the dialects); other dialects pass on what
    // they choose in the translation's headers (a pass-through filters anthropic-beta, MP4).
    Map<String, String> headers = client.isHub() ? forwardedHeaders(ctx) : new LinkedHashMap<>();
    translated.upstreamHeaders().forEach((name, value) -> headers.merge(name, value, (a, b) -> a + "," + b));
    return headers;
  }

  private void busFailure(RoutingContext ctx, AccessLog.Entry log, Throwable err, String role) {
    TranslationFailure refused = TranslationFailure.of(err);
    if (refused != null) {
      JsonObject body = refused.body(); // the translator's error body, in the client's dialect
      JsonObject error = body.getValue("error") instanceof JsonObject e ? e : new JsonObject();
      log.error(error.getString("code") != null ? error.getString("code") : "invalid_request");
      Responses.json(ctx, refused.status(), body);
    } else {
      log.error("service_unavailable");
      Responses.json(ctx, 503, client.errorBody(503,
        OpenAiErrors.body(unavailable(err, role), "api_error", null, "service_unavailable")));
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
