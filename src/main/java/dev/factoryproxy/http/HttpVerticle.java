package dev.factoryproxy.http;

import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.ops.Credentials;
import dev.factoryproxy.ops.NodeState;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Takes client requests: authentication, routing, and the exchanges with the translator and upstream verticles.
 * Each instance owns one event-bus {@link Inbox} for the answers to the clients it holds.
 */
final class HttpVerticle extends VerticleBase {
  static final String REQUEST_ID_HEADER = "x-proxy-request-id";
  static final String LOG_ENTRY = "accessLog";

  private final HttpRole role;
  private HttpServer server;
  private AccessLog accessLog;

  HttpVerticle(HttpRole role) {
    this.role = role;
  }

  @Override
  public Future<?> start() {
    ProxyConfig config = role.config;
    ProxyMetrics metrics = role.metrics;
    accessLog = new AccessLog(metrics, config.translation().models(), role.history);
    Inbox inbox = new Inbox(vertx, UUID.randomUUID().toString());
    ClientAuth auth = new ClientAuth(config);
    Exchange.Timeouts timeouts = Exchange.Timeouts.on(vertx, config.http().requestTimeoutMs(),
      config.http().streamIdleTimeoutMs());

    Router router = Router.router(vertx);
    router.route().handler(this::tag);
    NodeState node = role.node;
    LimitsHandler limits = new LimitsHandler(role.slots, role.rate, config.limits().requestsPerMinute(), metrics);
    for (Dialects.ClientEndpoint endpoint : role.dialects.endpoints()) { // one route per client dialect
      router.route(endpoint.path()).handler(Responses.speaking(endpoint.dialect())); // before the body is read
      router.post(endpoint.path())
        .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
        .handler(ctx -> admit(ctx, node))
        .handler(auth)
        .handler(limits)
        .handler(new ClientRequestHandler(vertx, inbox, timeouts, endpoint.dialect(),
          role.conversations.getOrDefault(endpoint.dialect().name(), Conversations.NONE)));
    }
    ClientDialect messages = role.dialects.endpoints().stream().map(Dialects.ClientEndpoint::dialect)
      .filter(d -> d.name().equals(role.claude.client())).findFirst().orElse(null);
    if (messages != null) {
      messagesExtras(router, messages, node, auth, limits, inbox, timeouts);
    }
    router.get("/v1/models")
      .handler(ctx -> { // Anthropic's clients get Anthropic's errors here too (a 401 their SDK can read)
        if (messages != null && ModelsHandler.anthropicClient(ctx)) {
          ctx.put(Responses.CLIENT_DIALECT, messages);
        }
        ctx.next();
      })
      .handler(auth).handler(new ModelsHandler(config.translation().models(), 1_700_000_000L));
    HealthEndpoint health = new HealthEndpoint(vertx, node::draining, new JsonObject()
      .put("sandbox", node.sandbox()).put("credentials", Credentials.summary(config, node.sandbox())));
    router.get("/health").handler(health);
    router.get("/v1/health").handler(health);
    metrics.prometheus().ifPresent(registry -> router.get("/metrics").handler(new MetricsEndpoint(vertx, registry)));
    AdminAuth admin = new AdminAuth(config.auth().adminApiKey(), () -> System.currentTimeMillis() / 1000);
    StatusPage status = new StatusPage(admin, new StatusData(health, config, role.history, role.slots::active,
      metrics.prometheus().orElse(null), role.clusterNodes()));
    status.mount(router);
    router.route().last().handler(ctx -> Responses.error(ctx, 404,
      "Unknown path " + ctx.request().method() + " " + ctx.request().path(), "invalid_request_error", "not_found"));
    router.errorHandler(413, ctx -> Responses.error(ctx, 413, "The request body is larger than "
      + config.http().maxBodyBytes() + " bytes", "invalid_request_error", "request_too_large"));
    router.errorHandler(405, ctx -> Responses.error(ctx, 405, "Method not allowed", "invalid_request_error", null));
    router.errorHandler(500, HttpVerticle::internalError);

    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.http().host())
        .setPort(config.http().port())
        .setTcpNoDelay(true)
        // Every write to a client happens on this verticle's event loop (the inbox is its consumer), so the
        // connection needs no cross-thread write queue: that saves ~4 KiB per open stream.
        .setStrictThreadMode(true)
        // h2c detection hands a connection over once the first request is in, too late for D1
        .setHttp2ClearTextEnabled(false));
    ConnectionDeadlines deadlines = new ConnectionDeadlines(vertx, config.http().headerTimeoutMs(),
      config.http().bodyTimeoutMs(), config.http().keepAliveTimeoutMs());
    server.connectionHandler(deadlines::onConnection).requestHandler(request -> {
      deadlines.onRequest(request); // D1-D3: slow or idle client connections are closed
      router.handle(request);
    });
    return Future.all(inbox.ready(), status.load(vertx)).compose(v -> server.listen());
  }

  /**
   * {@code POST /v1/messages/count_tokens} (Claude Code: {@code ?beta=true}): the same admission as the Messages
   * endpoint, errors in Anthropic's shape.
   */
  private void messagesExtras(Router router, ClientDialect messages, NodeState node, ClientAuth auth,
                              LimitsHandler limits, Inbox inbox, Exchange.Timeouts timeouts) {
    ProxyConfig config = role.config;
    String path = dev.factoryproxy.client.messages.CountTokens.PATH;
    router.route(path).handler(Responses.speaking(messages));
    router.post(path)
      .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
      .handler(ctx -> admit(ctx, node))
      .handler(auth)
      .handler(limits)
      .handler(new CountTokensHandler(vertx, inbox, timeouts, role.dialects, config.translation().models(),
        role.claude, messages));
  }

  /** A request id on every answer and log line, and the access-log entry that follows the request. */
  private void tag(RoutingContext ctx) {
    String id = "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    AccessLog.Entry entry = accessLog.start(id, ctx.request().method().name(), ctx.request().path());
    ctx.put(LOG_ENTRY, entry);
    ctx.response().putHeader(REQUEST_ID_HEADER, id);
    if (role.node.sandbox()) {
      ctx.response().putHeader(dev.factoryproxy.sandbox.Sandbox.HEADER, "true"); // no answer passes for Factory's
    }
    ctx.addEndHandler(result -> {
      if (result.failed()) {
        entry.error(AccessLog.CLIENT_CLOSED); // the connection closed before the answer was complete
      }
      entry.done(result.succeeded() ? ctx.response().getStatusCode() : 499);
    });
    ctx.next();
  }

  /** A draining node takes no new work; what it takes is counted until it ends, so shutdown can wait for it. */
  private static void admit(RoutingContext ctx, NodeState node) {
    if (node.draining()) {
      ctx.response().putHeader("connection", "close").putHeader("retry-after", "1");
      Responses.error(ctx, 503, "This proxy node is shutting down; retry and another node will answer",
        "api_error", "service_unavailable");
      return;
    }
    node.workStarted();
    ctx.addEndHandler(v -> node.workEnded());
    ctx.next();
  }

  private static void internalError(RoutingContext ctx) {
    org.slf4j.LoggerFactory.getLogger(HttpVerticle.class).error("[{}] request failed",
      ctx.response().headers().get(REQUEST_ID_HEADER), ctx.failure());
    Responses.error(ctx, 500, OpenAiErrors.body("Internal proxy error", "api_error", null, "internal_error"));
  }
}
