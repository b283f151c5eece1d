package dev.factoryproxy.http;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SH8/SH9 on one node, against a scripted shared bucket: the cluster is asked once per batch, never per request;
 * a refusal is answered locally for the wait it named; a bucket that cannot be reached leaves the node's own limit.
 */
class ClusterRateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(0);
  /** What the shared bucket was asked: how many tokens each time. */
  private final List<Integer> asked = new ArrayList<>();
  private int sharedLeft;
  private boolean unreachable;

  private final SharedRate bucket = (client, perMinute, want) -> {
    asked.add(want);
    if (unreachable) {
      return Future.failedFuture(new IllegalStateException("no cluster"));
    }
    int granted = Math.min(want, sharedLeft);
    sharedLeft -= granted;
    return Future.succeededFuture(new SharedRate.Grant(granted, granted > 0 ? 0 : 5_000));
  };

  private long acquire(ClusterRateLimiter limiter) {
    return limiter.acquire("key-1").await();
  }

  @Test
  void sh8_sh9_theClusterIsAskedOncePerBatchAndARefusalIsAnsweredLocally() {
    ClusterRateLimiter limiter = new ClusterRateLimiter(300, bucket, nanos::get);
    assertEquals(3, SharedRate.batch(300), "1% of the limit");
    sharedLeft = 7;
    for (int i = 0; i < 7; i++) {
      assertEquals(0, acquire(limiter));
    }
    assertEquals(List.of(3, 3, 3), asked, "three batches for seven requests (the last one granted 1)");
    assertEquals(5_000, acquire(limiter), "the bucket is empty: its wait");
    asked.clear();
    nanos.addAndGet(4_000_000_000L);
    for (int i = 0; i < 10; i++) {
      assertEquals(1_000, acquire(limiter), "remembered: no cluster call");
    }
    assertEquals(List.of(), asked);
    nanos.addAndGet(1_000_000_000L);
    sharedLeft = 1;
    assertEquals(0, acquire(limiter), "the wait is over: the cluster is asked again");
    assertEquals(List.of(3), asked);
  }

  @Test
  void sh8_aBucketThatCannotBeReachedLeavesTheNodesOwnLimit() {
    unreachable = true;
    ClusterRateLimiter limiter = new ClusterRateLimiter(2, bucket, nanos::get);
    assertEquals(0, acquire(limiter));
    assertEquals(0, acquire(limiter));
    assertEquals(30_000, acquire(limiter), "the node's own bucket of 2 per minute");
  }
}
