package dev.factoryproxy.http;


import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code limits.requestsPerMinute} per client: a token bucket per client holding up to one minute's requests,
 * refilled continuously. One instance per node, thread-safe (each bucket is locked on its own).
 */
final class RateLimiter implements RequestRate {
  /** Above this many tracked clients, full buckets (idle clients) are dropped: they would answer "yes" anyway. */
  private static final int MAX_TRACKED_CLIENTS = 10_000;
  private static final double NANOS_PER_MINUTE = 60e9;

  private final int perMinute;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(int perMinute, LongSupplier nanoClock) {
    this.perMinute = perMinute;
    this.nanoClock = nanoClock;
  }

  @Override
  public io.vertx.core.Future<Long> acquire(String client) {
    return io.vertx.core.Future.succeededFuture(tryAcquire(client));
  }

  /** Counts one request of {@code client}: 0 when allowed, else the milliseconds until it would be. */
  long tryAcquire(String client) {
    if (perMinute <= 0) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    if (buckets.size() > MAX_TRACKED_CLIENTS) {
      buckets.values().removeIf(bucket -> bucket.full(now));
    }
    return buckets.computeIfAbsent(client, k -> new Bucket(now)).take(now);
  }

  private final class Bucket {
    private double tokens = perMinute;
    private long updated;

    Bucket(long now) {
      this.updated = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double nanosPerToken = NANOS_PER_MINUTE / perMinute;
      double waitMs = (1 - tokens) * nanosPerToken / 1e6;
      return Math.max(1, (long) Math.ceil(waitMs - 1e-6)); // the epsilon absorbs floating-point noise, never a whole ms
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= perMinute;
    }

    private void refill(long now) {
      tokens = Math.min(perMinute, tokens + (now - updated) * perMinute / NANOS_PER_MINUTE);
      updated = now;
    }
  }
}
