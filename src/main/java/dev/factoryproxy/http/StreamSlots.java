package dev.factoryproxy.http;

import dev.factoryproxy.config.ProxyConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chat completions in flight on this node, in all and per client, against {@code limits.maxConcurrentStreams*}.
 * One instance per node, used by every HTTP verticle instance (different event loops): atomic counters, and
 * per-client counts updated inside {@link ConcurrentHashMap#compute} so check-and-increment is one step.
 */
final class StreamSlots {
  /** Why a slot was refused. */
  enum Refusal { NODE_FULL, CLIENT_FULL }

  private final int maxPerNode;
  private final int maxPerClient;
  private final AtomicInteger active = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

  StreamSlots(ProxyConfig.Limits limits) {
    this.maxPerNode = limits.maxConcurrentStreams();
    this.maxPerClient = limits.maxConcurrentStreamsPerClient();
  }

  /** Takes a slot for {@code client}; null when granted (call {@link #release} once), else why not. */
  Refusal acquire(String client) {
    if (active.incrementAndGet() > maxPerNode && maxPerNode > 0) {
      active.decrementAndGet();
      return Refusal.NODE_FULL;
    }
    if (maxPerClient > 0 && !takeClientSlot(client)) {
      active.decrementAndGet();
      return Refusal.CLIENT_FULL;
    }
    return null;
  }

  void release(String client) {
    active.decrementAndGet();
    if (maxPerClient > 0) {
      perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1); // no entry is kept for idle clients
    }
  }

  int active() {
    return active.get();
  }

  private boolean takeClientSlot(String client) {
    boolean[] granted = {false};
    perClient.compute(client, (k, n) -> {
      int current = n == null ? 0 : n;
      if (current >= maxPerClient) {
        return n;
      }
      granted[0] = true;
      return current + 1;
    });
    return granted[0];
  }
}
