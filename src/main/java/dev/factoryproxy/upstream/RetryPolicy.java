package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxyConfig;

import java.util.function.DoubleSupplier;

/**
 * When a failed call may be tried again: exponential backoff with full jitter (a uniform wait between 0 and
 * {@code baseDelayMs * 2^(n-1)}, capped at {@code maxDelayMs}), within {@code maxAttempts} calls and a total
 * {@code budgetMs}. Plain Java; the randomness is injected so tests can pin it.
 */
final class RetryPolicy {
  private final ProxyConfig.Retry config;
  private final DoubleSupplier random;

  RetryPolicy(ProxyConfig.Retry config, DoubleSupplier random) {
    this.config = config;
    this.random = random;
  }

  /** The backoff after {@code attemptsMade} failed calls (1 after the first). */
  long backoffMs(int attemptsMade) {
    long ceiling = Math.min(config.maxDelayMs(), (long) config.baseDelayMs() << Math.min(attemptsMade - 1, 30));
    return (long) Math.floor(random.getAsDouble() * (ceiling + 1));
  }

  /**
   * Why no further call may start after waiting {@code waitMs}, or null when it may.
   *
   * @param attemptsMade calls made so far
   * @param elapsedMs    since the first call started
   */
  String whyNot(int attemptsMade, long elapsedMs, long waitMs) {
    if (attemptsMade >= config.maxAttempts()) {
      return "all " + config.maxAttempts() + " attempts made";
    }
    if (waitMs > config.maxDelayMs()) {
      return waitMs == KeyPool.NEVER ? "no usable key" : "the wait (" + waitMs + " ms) exceeds upstream.retry.maxDelayMs";
    }
    if (elapsedMs + waitMs > config.budgetMs()) {
      return "the retry budget (" + config.budgetMs() + " ms) would be exceeded";
    }
    return null;
  }
}
