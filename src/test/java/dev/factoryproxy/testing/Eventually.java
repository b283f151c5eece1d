package dev.factoryproxy.testing;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * For what the proxy records after it has answered (the key pool's state, the first failure in /health): the
 * client may read /health a moment before the upstream verticle has recorded the call it just answered, so such
 * reads are retried for a bounded time (2 s) until they show the expected state, then returned as they are.
 */
public final class Eventually {
  private static final long BOUND_MS = 2_000;

  private Eventually() {
  }

  public static <T> T get(Supplier<T> read, Predicate<T> settled) {
    long deadline = System.nanoTime() + BOUND_MS * 1_000_000;
    T value = read.get();
    while (!settled.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return value;
      }
      value = read.get();
    }
    return value;
  }
}
