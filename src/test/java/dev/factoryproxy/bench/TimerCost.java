package dev.factoryproxy.bench;

import dev.factoryproxy.ops.TimeoutQueue;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark only: what a timeout costs the event loop, a Vert.x timer (set, then cancelled: what a request's
 * deadline does when the answer comes in time) against a {@link TimeoutQueue} entry (started, then cancelled), with
 * as many timeouts pending as a busy verticle has. Usage: {@code TimerCost [PENDING [OPS]]}; prints ns per timeout.
 */
public final class TimerCost {
  private TimerCost() {
  }

  public static void main(String[] args) throws Exception {
    int pending = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    try {
      for (int round = 0; round < 5; round++) { // the first rounds are the JIT's
        double vertxNs = onLoop(vertx, () -> vertxTimers(vertx, pending, ops));
        double queueNs = onLoop(vertx, () -> queueTimeouts(vertx, pending, ops));
        System.out.printf("round %d: %,d pending: Vert.x setTimer+cancelTimer %.0f ns, TimeoutQueue start+cancel %.0f ns%n",
          round, pending, vertxNs, queueNs);
      }
    } finally {
      vertx.close().await();
    }
  }

  private static double vertxTimers(Vertx vertx, int pending, int ops) {
    long[] ids = new long[pending];
    for (int i = 0; i < pending; i++) {
      ids[i] = vertx.setTimer(60_000, id -> { });
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      int slot = i % pending; // the oldest goes, a new one comes: requests finishing and starting
      vertx.cancelTimer(ids[slot]);
      ids[slot] = vertx.setTimer(60_000, id -> { });
    }
    double ns = (System.nanoTime() - t0) / (double) ops;
    for (long id : ids) {
      vertx.cancelTimer(id);
    }
    return ns;
  }

  private static double queueTimeouts(Vertx vertx, int pending, int ops) {
    TimeoutQueue queue = new TimeoutQueue(vertx, 60_000);
    TimeoutQueue.Timeout[] timeouts = new TimeoutQueue.Timeout[pending];
    for (int i = 0; i < pending; i++) {
      timeouts[i] = queue.start(() -> { });
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      int slot = i % pending;
      timeouts[slot].cancel();
      timeouts[slot] = queue.start(() -> { });
    }
    double ns = (System.nanoTime() - t0) / (double) ops;
    for (TimeoutQueue.Timeout timeout : timeouts) {
      timeout.cancel();
    }
    return ns;
  }

  private interface Measure {
    double run();
  }

  private static double onLoop(Vertx vertx, Measure measure) throws Exception {
    CompletableFuture<Double> result = new CompletableFuture<>();
    vertx.runOnContext(v -> result.complete(measure.run()));
    return result.get(2, TimeUnit.MINUTES);
  }
}
