package dev.factoryproxy.http;

import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Writing JSON answers and errors from the HTTP verticle. An error is OpenAI-shaped (the hub's form), rendered by
 * the client dialect of the endpoint when the request reached one ({@link #CLIENT_DIALECT}).
 */
final class Responses {
  /** Routing-context key: the {@link ClientDialect} of the endpoint a request is for. */
  static final String CLIENT_DIALECT = "clientDialect";

  private Responses() {
  }

  /** Marks the request as one for this client dialect, so the errors raised before its handler speak it too. */
  static Handler<RoutingContext> speaking(ClientDialect dialect) {
    return ctx -> {
      ctx.put(CLIENT_DIALECT, dialect);
      ctx.next();
    };
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  static void error(RoutingContext ctx, int status, String message, String type, String code) {
    error(ctx, status, OpenAiErrors.body(message, type, null, code));
  }

  /**
   * The body as one standard JSON object (StrictJson, J1–J9), or null after a 400 {@code invalid_json} in the
   * endpoint's client dialect; the same strict reading for every endpoint.
   */
  static JsonObject strictBody(RoutingContext ctx) {
    try {
      return StrictJson.parseObject(ctx.body().buffer());
    } catch (StrictJson.Rejected e) {
      error(ctx, 400, e.getMessage(), "invalid_request_error", "invalid_json");
      return null;
    } finally {
      releaseBody(ctx);
    }
  }

  /**
   * The raw body is read once, here: the routing context would otherwise keep its bytes for as long as the
   * response lasts (a Claude Code request is often hundreds of KB, a stream minutes). Vert.x Web has no public way
   * to drop them; its internal setter is the one the body handler itself uses.
   */
  private static void releaseBody(RoutingContext ctx) {
    if (ctx instanceof RoutingContextInternal internal) {
      internal.setBody(null);
    }
  }

  /** An OpenAI-shaped error body, in the request's client dialect. */
  static void error(RoutingContext ctx, int status, JsonObject openAiError) {
    ClientDialect dialect = ctx.get(CLIENT_DIALECT);
    json(ctx, status, dialect == null ? openAiError : dialect.errorBody(status, openAiError));
  }

}
