package dev.factoryproxy.http;

import io.vertx.core.Future;

/**
 * SH8 (docs/cluster-state.md): one token bucket per client for the whole cluster ({@code limits.requestsPerMinute}),
 * from which a node takes a few tokens at a time and spends them on its own. A single node has none.
 */
public interface SharedRate {
  /**
   * What a node got from a client's shared bucket.
   * @param granted tokens taken (0 to the number asked for)
   * @param waitMs when none were granted, how long until the bucket holds one again; else 0
   */
  record Grant(int granted, long waitMs) {
  }

  /** Takes up to {@code want} tokens from {@code client}'s bucket, which holds up to {@code perMinute}. */
  Future<Grant> take(String client, int perMinute, int want);
}
