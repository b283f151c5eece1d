package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.SharedJsonCodec;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.cluster.NodeState;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.ops.NodeShared;
import dev.factoryproxy.ops.ProxyMetrics;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls Factory. Takes {@link UpstreamJob}s off {@link Bus#UPSTREAM_START}, runs each as a {@link RetryingCall}
 * and obeys the flow-control credits and cancellations sent to its own control address by the HTTP verticle
 * holding the client.
 *
 * <p>The {@link KeyPool} belongs to the node, not to an instance: it is created once and kept in the Vert.x
 * instance's local map ({@link NodeShared}), so every upstream instance of the JVM sees the same cooldowns and
 * set-aside keys, and a second node in the same JVM (tests) has its own. The pool is synchronized, since the
 * instances run on different event loops.
 */
public final class UpstreamVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamVerticle.class);
  /** Shared by this node's upstream instances: what the last call saw, for health checks (never a paid probe). */
  static final String STATUS_MAP = "factory-proxy.upstream.status";
  private static final String KEY_POOL = "key-pool";

  private final Map<String, RetryingCall> calls = new HashMap<>();
  private UpstreamCall.Settings settings;
  /** The node's pool of the proxy's keys; null in passthrough mode. */
  private KeyPool keys;
  private String control;
  private NodeState node;

  @Override
  public Future<?> start() {
    ProxyConfig proxyConfig = ProxyConfig.fromJson(config());
    ProxyConfig.Upstream config = proxyConfig.upstream();
    ProxyMetrics metrics = ProxyMetrics.forNode(vertx, proxyConfig.metrics().enabled());
    HttpClientOptions options = new HttpClientOptions()
      .setConnectTimeout(config.connectTimeoutMs())
      .setKeepAlive(true)
      .setTcpNoDelay(true);
    settings = new UpstreamCall.Settings(
      vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxPoolSize())),
      new FactoryEndpoint(config), config.firstByteTimeoutMs(), config.idleTimeoutMs(), config.maxEventBytes(),
      config.passThrough529(), config.heartbeatMs(), new RetryPolicy(config.retry(), () -> ThreadLocalRandom.current().nextDouble()),
      config.keyCooldownMs(), metrics);
    keys = config.passthroughKeys() ? null : NodeShared.get(vertx, KEY_POOL, () -> nodePool(config.factoryApiKeys(), config.keyRecheckMs(), metrics));
    control = Bus.upstreamControl(UUID.randomUUID().toString());
    SharedJsonCodec.register(vertx.eventBus());
    node = NodeState.of(vertx);
    MessageConsumer<JsonObject> jobs = vertx.eventBus().consumer(Bus.UPSTREAM_START, this::onJob);
    // Draining: take no new jobs (they go to other nodes); the calls running go on to their end.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    node.onDrain(() -> context.runOnContext(v -> jobs.unregister()));
    return Future.all(jobs.completion(), vertx.eventBus().<Object>consumer(control, this::onControl).completion());
  }

  @Override
  public Future<?> stop() {
    new java.util.ArrayList<>(calls.values()).forEach(RetryingCall::cancel);
    return settings.client().close();
  }

  private static KeyPool nodePool(List<String> factoryKeys, long recheckMs, ProxyMetrics metrics) {
    KeyPool pool = new KeyPool(factoryKeys, recheckMs);
    for (KeyPool.State state : KeyPool.State.values()) {
      metrics.upstreamKeys(state.label(), () -> pool.count(state));
    }
    return pool;
  }

  private void onJob(Message<JsonObject> message) {
    if (Bus.PING.equals(message.headers().get(Bus.H_KIND))) {
      LocalMap<String, JsonObject> status = vertx.sharedData().getLocalMap(STATUS_MAP);
      message.reply(status.getOrDefault("last", new JsonObject()).copy().put("ok", true).put("keys", keySummary()));
      return;
    }
    UpstreamJob job = UpstreamJob.fromJson(message.body());
    message.reply(new JsonObject().put("control", control), Bus.json());
    StreamSender out = new StreamSender(vertx.eventBus(), job.inbox(), job.streamId(), control);
    // passthrough: the client's own key, in a pool of its own that no other request shares
    KeyPool callKeys = job.clientKey() != null ? new KeyPool(List.of(job.clientKey()), 0) : keys;
    if (callKeys == null) {
      out.complete(503, Map.of(), OpenAiErrors.body("This upstream node has no Factory API key (set FACTORY_API_KEY "
        + "on the nodes running the upstream role)", "api_error", null, RetryingCall.NO_UPSTREAM_KEY));
      return;
    }
    RetryingCall call = new RetryingCall(vertx, job, out, settings, callKeys, job.clientKey() == null);
    calls.put(job.streamId(), call);
    node.workStarted();
    call.run().onComplete(result -> {
      calls.remove(job.streamId());
      node.workEnded();
      record(result.result());
    });
  }

  /** For /health: counts and key prefixes, never a key. */
  private JsonObject keySummary() {
    return keys == null ? new JsonObject().put("mode", "passthrough") : keys.summary();
  }

  private void onControl(Message<Object> message) {
    RetryingCall call = calls.get(message.headers().get(Bus.H_STREAM));
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
