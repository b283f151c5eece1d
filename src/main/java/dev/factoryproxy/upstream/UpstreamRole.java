package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.credentials.DroidLogin;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.ops.NodeState;
import dev.factoryproxy.ops.ProxyMetrics;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The upstream role of one node: the objects its upstream verticle instances share, made once by the composition
 * root. The {@link KeyPool} belongs to the node, not to an instance, so every instance sees the same cooldowns and
 * set-aside keys (a second node in the same JVM, as in tests, has its own); it is synchronized, since the instances
 * run on different event loops.
 */
public final class UpstreamRole {
  final ProxyConfig config;
  final ProxyMetrics metrics;
  final NodeState node;
  final Dialects dialects;
  /** The node's pool of the proxy's keys; null in passthrough mode. */
  final KeyPool keys;
  /** What the last call of any instance saw, for health checks (never a paid probe). */
  final AtomicReference<LastSeen> lastStatus = new AtomicReference<>(LastSeen.NOTHING);
  /** Per route label, what its last call saw (issue 17: which routes are reachable, never from a paid probe). */
  final java.util.Map<String, LastSeen> routes = new java.util.concurrent.ConcurrentHashMap<>();
  /** The first failed call's cause in plain words, kept until restart (the first is usually the telling one). */
  final AtomicReference<JsonObject> firstFailure = new AtomicReference<>();

  /** @param logins the node's Droid logins (started by the composition root); they join the key pool (CL1, DL4) */
  public UpstreamRole(ProxyConfig config, ProxyMetrics metrics, NodeState node, Dialects dialects,
                      List<DroidLogin> logins) {
    this.config = config;
    this.metrics = metrics;
    this.node = node;
    this.dialects = dialects;
    ProxyConfig.Upstream upstream = config.upstream();
    this.keys = upstream.passthroughKeys() ? null : meteredPool(upstream, metrics, logins);
  }

  private static KeyPool meteredPool(ProxyConfig.Upstream upstream, ProxyMetrics metrics,
                                     List<DroidLogin> logins) {
    KeyPool pool = new KeyPool(upstream.factoryApiKeys(), logins,
      upstream.keyRecheckMs(), () -> System.nanoTime() / 1_000_000, new QuotaBook(System::currentTimeMillis));
    for (KeyPool.State state : KeyPool.State.values()) {
      metrics.upstreamKeys(state.label(), () -> pool.count(state));
    }
    return pool;
  }

  /**
   * QU1: starts polling Factory's limits endpoint for every credential of the pool (its first round is not
   * awaited); nothing in passthrough mode or with {@code upstream.quotaPollMs} 0.
   */
  public void startQuotaPolling(io.vertx.core.Vertx vertx) {
    ProxyConfig.Upstream upstream = config.upstream();
    if (keys != null && upstream.quotaPollMs() > 0) {
      new QuotaPoller(vertx, keys, upstream.apiBase(), upstream.clientVersion(), upstream.quotaPollMs(), metrics)
        .start();
    }
  }

  /**
   * SH7: in a cluster, the key pool's changes (set aside, cooled down, confirmed) are told to the other upstream
   * nodes and theirs applied here. Called by the composition root on a clustered node only.
   */
  public io.vertx.core.Future<Void> shareKeysAcrossTheCluster(io.vertx.core.Vertx vertx) {
    return keys == null ? io.vertx.core.Future.succeededFuture() : SharedKeyState.share(vertx, keys);
  }

  /** One new upstream verticle per call, all sharing this role's objects. */
  public Supplier<Deployable> verticles() {
    return () -> new UpstreamVerticle(this);
  }

  public int instances() {
    return config.upstream().instances();
  }
}
