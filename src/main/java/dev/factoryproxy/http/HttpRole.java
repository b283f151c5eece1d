package dev.factoryproxy.http;

import dev.factoryproxy.client.messages.ClaudePassThrough;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.ops.NodeState;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.ops.RequestHistory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.Deployable;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP role of one node: the objects its HTTP verticle instances share (stream slots, rate limiter, gauges),
 * made once by the composition root, and the supplier that deploys the instances with them.
 */
public final class HttpRole {
  final ProxyConfig config;
  final ProxyMetrics metrics;
  final NodeState node;
  final Dialects dialects;
  final StreamSlots slots;
  final RequestRate rate;
  /** Claude's count_tokens adjustments, the Messages pass-through's ({@code /v1/messages/count_tokens}). */
  final ClaudePassThrough claude;
  /** What each client dialect (by name) remembers between requests; absent: {@link Conversations#NONE}. */
  final Map<String, Conversations> conversations;
  /** SP6: this node's client requests over the last minutes, for the status page. */
  final RequestHistory history = RequestHistory.systemClock();
  /** SP8: the cluster's nodes and their roles, for the status page; set by the composition root when clustered. */
  private volatile Supplier<JsonArray> clusterNodes;

  /** @param sharedRate the cluster's rate buckets (SH8), or null: {@code limits.requestsPerMinute} per node */
  public HttpRole(ProxyConfig config, ProxyMetrics metrics, NodeState node, Dialects dialects,
                  ClaudePassThrough claude, Map<String, Conversations> conversations, SharedRate sharedRate) {
    this.clusterNodes = () -> StatusData.singleNode(config);
    this.claude = claude;
    this.config = config;
    this.conversations = Map.copyOf(conversations);
    this.metrics = metrics;
    this.node = node;
    this.dialects = dialects;
    this.slots = new StreamSlots(config.limits());
    int perMinute = config.limits().requestsPerMinute();
    this.rate = sharedRate == null || perMinute <= 0 ? new RateLimiter(perMinute, System::nanoTime)
      : new ClusterRateLimiter(perMinute, sharedRate, System::nanoTime);
    metrics.activeStreams(slots::active);
  }

  /** SP8: where the status page reads the cluster's members (before the verticles are deployed). */
  public HttpRole clusterNodes(Supplier<JsonArray> members) {
    if (members != null) {
      this.clusterNodes = members;
    }
    return this;
  }

  Supplier<JsonArray> clusterNodes() {
    return clusterNodes;
  }

  /** One new HTTP verticle per call, all sharing this role's objects. */
  public Supplier<Deployable> verticles() {
    return () -> new HttpVerticle(this);
  }

  public int instances() {
    return config.http().instances();
  }
}
