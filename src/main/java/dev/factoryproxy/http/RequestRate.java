package dev.factoryproxy.http;

import io.vertx.core.Future;

/** {@code limits.requestsPerMinute} as the limits handler asks it: per node ({@link RateLimiter}) or per cluster. */
interface RequestRate {
  /** Counts one request of {@code client}: 0 when allowed, else the milliseconds until it would be. */
  Future<Long> acquire(String client);
}
