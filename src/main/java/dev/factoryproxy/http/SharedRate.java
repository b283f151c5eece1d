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

  /**
   * SH9: how many tokens a node takes at a time: one percent of the limit (at least one, at most 1,000), so N nodes
   * hold at most N% of it between them.
   */
  static int batch(int perMinute) {
    return Math.max(1, Math.min(1_000, perMinute / 100));
  }

  /** Takes up to {@code want} tokens from {@code client}'s bucket, which holds up to {@code perMinute}. */
  Future<Grant> take(String client, int perMinute, int want);
}
