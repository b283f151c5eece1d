package dev.factoryproxy.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * SH8/SH9 (docs/cluster-state.md): {@code limits.requestsPerMinute} across a cluster without a round trip per
 * request. Each node holds a small allowance per client, taken {@link #batch} tokens at a time from the client's
 * cluster-wide bucket ({@link SharedRate}) and spent locally; only when it is empty does a request wait for the
 * next batch. A refusal from the shared bucket is remembered for the wait it named, so refused requests are
 * answered locally too. Since a node keeps at most one batch, the cluster allows at most {@code N × (batch − 1)}
 * requests above what one bucket would allow. When the shared bucket cannot be reached the node limits on its own
 * (its per-node bucket), never unlimited.
 */
final class ClusterRateLimiter implements RequestRate {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRateLimiter.class);
  private static final int MAX_TRACKED_CLIENTS = 10_000;

  private final int perMinute;
  private final int batch;
  private final SharedRate shared;
  private final RateLimiter fallback;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Allowance> allowances = new ConcurrentHashMap<>();

  ClusterRateLimiter(int perMinute, SharedRate shared, LongSupplier nanoClock) {
    this.perMinute = perMinute;
    this.batch = SharedRate.batch(perMinute);
    this.shared = shared;
    this.fallback = new RateLimiter(perMinute, nanoClock);
    this.nanoClock = nanoClock;
  }

  @Override
  public Future<Long> acquire(String client) {
    if (perMinute <= 0) {
      return Future.succeededFuture(0L);
    }
    if (allowances.size() > MAX_TRACKED_CLIENTS) {
      long now = nanoClock.getAsLong();
      allowances.values().removeIf(allowance -> allowance.idle(now));
    }
    Allowance allowance = allowances.computeIfAbsent(client, k -> new Allowance());
    Future<Void> refill;
    Promise<Void> mine = null;
    synchronized (allowance) {
      long now = nanoClock.getAsLong();
      if (allowance.tokens > 0) {
        allowance.tokens--;
        return Future.succeededFuture(0L);
      }
      if (allowance.refusedUntilNanos - now > 0) {
        return Future.succeededFuture(Math.max(1, (allowance.refusedUntilNanos - now) / 1_000_000));
      }
      if (allowance.refill == null) {
        mine = Promise.promise();
        allowance.refill = mine.future();
      }
      refill = allowance.refill;
    }
    if (mine != null) {
      refill(client, allowance, mine); // outside the lock: the shared bucket may answer at once
    }
    return refill.compose(v -> acquire(client), error -> fallback.acquire(client));
  }

  /** Takes the next batch from the shared bucket; the waiting requests then try again. */
  private void refill(String client, Allowance allowance, Promise<Void> done) {
    shared.take(client, perMinute, batch).onComplete(result -> {
      synchronized (allowance) {
        allowance.refill = null;
        allowance.used = nanoClock.getAsLong();
        if (result.succeeded()) {
          allowance.tokens += result.result().granted();
          long waitMs = result.result().granted() > 0 ? 0 : Math.max(1, result.result().waitMs());
          allowance.refusedUntilNanos = allowance.used + waitMs * 1_000_000;
        }
      }
      if (result.failed()) {
        LOG.warn("the cluster's rate bucket cannot be reached ({}); limiting on this node alone",
          result.cause().getClass().getSimpleName());
        done.fail(result.cause());
      } else {
        done.complete();
      }
    });
  }

  private static final class Allowance {
    int tokens;
    long refusedUntilNanos;
    long used;
    Future<Void> refill;

    synchronized boolean idle(long now) {
      return tokens == 0 && refill == null && now - used > 60_000_000_000L;
    }
  }
}
