package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.Control;
import dev.factoryproxy.bus.StartAck;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.ops.TimeoutQueue;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
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
 * What the instances share (the key pool, the last status) is in their {@link UpstreamRole}.
 */
final class UpstreamVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamVerticle.class);
  /** The facts of the usual call, shared by every record of one (never changed: {@link LastSeen}). */
  private static final JsonObject STATUS_OK = new JsonObject().put("status", 200).putNull("error");
  private static final JsonObject ROUTE_REACHABLE = new JsonObject().put("state", "reachable").put("status", 200);
  private final Map<String, RetryingCall> calls = new HashMap<>();
  private final UpstreamRole role;
  private UpstreamCall.Settings settings;
  /** The node's pool of the proxy's keys; null in passthrough mode. */
  private KeyPool keys;
  private String control;
  private HeartbeatSweep heartbeats;

  UpstreamVerticle(UpstreamRole role) {
    this.role = role;
  }

  @Override
  public Future<?> start() {
    ProxyConfig.Upstream config = role.config.upstream();
    HttpClientOptions options = new HttpClientOptions()
      .setConnectTimeout(config.connectTimeoutMs())
      .setKeepAlive(true)
      .setTcpNoDelay(true);
    settings = new UpstreamCall.Settings(
      vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxPoolSize())),
      new FactoryEndpoint(config), new TimeoutQueue(vertx, config.firstByteTimeoutMs()),
      new TimeoutQueue(vertx, config.idleTimeoutMs()), config.maxEventBytes(),
      config.passThrough529(), config.heartbeatMs(), new RetryPolicy(config.retry(), () -> ThreadLocalRandom.current().nextDouble()),
      config.keyCooldownMs(), role.metrics);
    keys = role.keys;
    control = Bus.upstreamControl(UUID.randomUUID().toString());
    MessageConsumer<JsonObject> jobs = vertx.eventBus().consumer(Bus.UPSTREAM_START, this::onJob);
    // Draining: take no new jobs (they go to other nodes); the calls running go on to their end.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    role.node.onDrain(() -> context.runOnContext(v -> jobs.unregister()));
    heartbeats = new HeartbeatSweep(vertx, config.heartbeatMs(), () -> new java.util.ArrayList<>(calls.values()));
    heartbeats.start();
    return Future.all(jobs.completion(), vertx.eventBus().<Object>consumer(control, this::onControl).completion());
  }

  @Override
  public Future<?> stop() {
    heartbeats.stop();
    new java.util.ArrayList<>(calls.values()).forEach(RetryingCall::cancel);
    return settings.client().close();
  }

  private void onJob(Message<JsonObject> message) {
    if (Bus.isPing(message)) {
      message.reply(role.lastStatus.get().toJson().put("ok", true).put("keys", keySummary())
        .put("routes", routeSummary()).put("firstFailure", role.firstFailure.get()));
      return;
    }
    UpstreamJob job = UpstreamJob.fromJson(message.body());
    message.reply(new StartAck(control).toJson(), Bus.json());
    StreamSender out = new StreamSender(vertx.eventBus(), job.inbox(), job.streamId(), control);
    Pipeline pipeline = pipeline(job);
    // passthrough: the client's own key, in a pool of its own that no other request shares
    KeyPool callKeys = job.clientKey() != null ? new KeyPool(List.of(job.clientKey()), 0) : keys;
    if (callKeys == null) {
      out.complete(503, Map.of(), pipeline.errorBody(503, OpenAiErrors.body("This upstream node has no Factory API "
        + "key (set FACTORY_API_KEY on the nodes running the upstream role)", "api_error", null,
        RetryingCall.NO_UPSTREAM_KEY)));
      return;
    }
    ModelInfo model = Dialects.onRoute(role.config.translation().models().resolve(job.context().model()),
      pipeline.route());
    RetryingCall call = new RetryingCall(vertx, job, out, settings, callKeys, job.clientKey() == null, pipeline,
      model);
    String streamId = job.streamId(); // the listener below outlives the stream: not the job and its body
    calls.put(streamId, call);
    role.node.workStarted();
    call.run().onComplete(result -> {
      calls.remove(streamId);
      role.node.workEnded();
      record(result.result());
      recordRoute(pipeline.route(), result.result());
    });
  }

  /** The job's (client dialect, route) translation; a job from a node that names neither is Chat → Messages. */
  private Pipeline pipeline(UpstreamJob job) {
    Route route = job.route() == null ? Route.MESSAGES : Route.fromLabel(job.route());
    return role.dialects.pipeline(job.client() == null ? "chat" : job.client(), route);
  }

  /** For /health: counts and key prefixes, never a key. */
  private JsonObject keySummary() {
    return keys == null ? new JsonObject().put("mode", "passthrough") : keys.summary();
  }

  /** Every route, with what its last call saw, or that none was made yet. */
  private JsonObject routeSummary() {
    JsonObject summary = new JsonObject();
    for (Route route : Route.values()) {
      LastSeen seen = role.routes.get(route.label());
      summary.put(route.label(), seen != null ? seen.toJson() : new JsonObject().put("state", "not called yet"));
    }
    return summary;
  }

  /**
   * Notes whether the route answered (any HTTP status is an answer: the route is reachable) and, the first time a
   * call fails, its cause in plain words, in /health and the log.
   */
  private void recordRoute(Route route, UpstreamCall.Outcome outcome) {
    if (outcome == null || outcome.status() == 499) {
      return;
    }
    UpstreamFailure failure = outcome.failure();
    if (failure == null && outcome.status() == 200) {
      role.routes.put(route.label(), new LastSeen(ROUTE_REACHABLE, System.currentTimeMillis())); // the usual case
      return;
    }
    String state;
    if (failure == null) {
      state = outcome.status() == 200 ? "reachable" : "error " + outcome.status() + " (" + outcome.error() + ")";
    } else if (failure.status() == 0) {
      state = "unreachable";
    } else {
      state = failure.kind() == UpstreamFailure.Kind.KEY_REFUSED ? "reachable, key refused"
        : "reachable, answered " + failure.status();
    }
    JsonObject seen = new JsonObject().put("state", state).put("status", outcome.status());
    LastSeen last = new LastSeen(seen, System.currentTimeMillis());
    if (failure != null) {
      String cause = FailureCause.describe(failure, role.config.upstream().urlFor(route));
      seen.put("cause", cause);
      if (role.firstFailure.compareAndSet(null, last.toJson().put("route", route.label()))) {
        LOG.warn("first failed call to Factory ({} route): {}", route.label(), cause);
      }
    }
    role.routes.put(route.label(), last);
  }

  private void onControl(Message<Object> message) {
    Control command = Control.decode(message);
    RetryingCall call = command == null ? null : calls.get(command.streamId());
    if (command == null) {
      LOG.warn("unknown control message {}", message.headers().get(Bus.H_KIND));
    } else if (call == null) {
      return; // already finished
    } else if (command instanceof Control.Ack ack) {
      call.acknowledged(ack.bytes());
    } else {
      call.cancel();
    }
  }

  private void record(UpstreamCall.Outcome outcome) {
    if (outcome == null || outcome.status() == 499) {
      return; // a client leaving says nothing about Factory
    }
    JsonObject facts = outcome.status() == 200 && outcome.error() == null ? STATUS_OK
      : new JsonObject().put("status", outcome.status()).put("error", outcome.error());
    role.lastStatus.set(new LastSeen(facts, System.currentTimeMillis()));
  }
}
