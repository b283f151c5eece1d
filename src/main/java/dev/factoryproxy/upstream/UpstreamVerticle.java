package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.cluster.NodeState;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.Secrets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Calls Factory. Takes {@link UpstreamJob}s off {@link Bus#UPSTREAM_START}, runs each as an {@link UpstreamCall}
 * and obeys the flow-control credits and cancellations sent to its own control address by the HTTP verticle
 * holding the client.
 */
public final class UpstreamVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamVerticle.class);
  /** Shared by this node's upstream instances: what the last call saw, for health checks (never a paid probe). */
  static final String STATUS_MAP = "factory-proxy.upstream.status";

  private final Map<String, UpstreamCall> calls = new HashMap<>();
  private UpstreamCall.Settings settings;
  private KeyPool keys;
  private String control;
  private NodeState node;

  @Override
  public Future<?> start() {
    ProxyConfig.Upstream config = ProxyConfig.fromJson(config()).upstream();
    HttpClientOptions options = new HttpClientOptions()
      .setConnectTimeout(config.connectTimeoutMs())
      .setKeepAlive(true)
      .setTcpNoDelay(true);
    settings = new UpstreamCall.Settings(
      vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxPoolSize())),
      new FactoryEndpoint(config), config.firstByteTimeoutMs(), config.idleTimeoutMs(), config.maxEventBytes(),
      config.passThrough529(), config.heartbeatMs());
    keys = new KeyPool(config.factoryApiKeys());
    control = Bus.upstreamControl(UUID.randomUUID().toString());
    node = NodeState.of(vertx);
    MessageConsumer<JsonObject> jobs = vertx.eventBus().consumer(Bus.UPSTREAM_START, this::onJob);
    // Draining: take no new jobs (they go to other nodes); the calls running go on to their end.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    node.onDrain(() -> context.runOnContext(v -> jobs.unregister()));
    return Future.all(jobs.completion(), vertx.eventBus().<Object>consumer(control, this::onControl).completion());
  }

  @Override
  public Future<?> stop() {
    new java.util.ArrayList<>(calls.values()).forEach(UpstreamCall::cancel);
    return settings.client().close();
  }

  private void onJob(Message<JsonObject> message) {
    if (Bus.PING.equals(message.headers().get(Bus.H_KIND))) {
      LocalMap<String, JsonObject> status = vertx.sharedData().getLocalMap(STATUS_MAP);
      message.reply(status.getOrDefault("last", new JsonObject()).copy().put("ok", true));
      return;
    }
    UpstreamJob job = UpstreamJob.fromJson(message.body());
    String key = job.clientKey() != null ? job.clientKey() : keys.isEmpty() ? null : keys.next();
    message.reply(new JsonObject().put("control", control));
    StreamSender out = new StreamSender(vertx.eventBus(), job.inbox(), job.streamId(), control);
    if (key == null) {
      out.complete(503, java.util.Map.of(), dev.factoryproxy.translate.OpenAiErrors.body(
        "This upstream node has no Factory API key (set FACTORY_API_KEY on the nodes running the upstream role)",
        "api_error", null, "no_upstream_key"));
      return;
    }
    UpstreamCall call = new UpstreamCall(vertx, job, out, settings);
    calls.put(job.streamId(), call);
    node.workStarted();
    LOG.debug("[{}] calling Factory with key {}", job.requestId(), Secrets.prefix(key));
    call.run(key).onComplete(result -> {
      calls.remove(job.streamId());
      node.workEnded();
      record(result.result());
    });
  }

  private void onControl(Message<Object> message) {
    UpstreamCall call = calls.get(message.headers().get(Bus.H_STREAM));
    if (call == null) {
      return; // already finished
    }
    switch (message.headers().get(Bus.H_KIND)) {
      case Bus.ACK -> call.acknowledged(Integer.parseInt(message.headers().get(Bus.H_BYTES)));
      case Bus.CANCEL -> call.cancel();
      default -> LOG.warn("unknown control message {}", message.headers().get(Bus.H_KIND));
    }
  }

  private void record(UpstreamCall.Outcome outcome) {
    if (outcome == null || outcome.status() == 499) {
      return; // a client leaving says nothing about Factory
    }
    vertx.sharedData().<String, JsonObject>getLocalMap(STATUS_MAP).put("last", new JsonObject()
      .put("status", outcome.status())
      .put("error", outcome.error())
      .put("at", java.time.Instant.now().toString()));
  }
}
