package dev.factoryproxy.http;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceMs(long ms) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void allowsAMinutesWorthThenSaysHowLongToWait() {
    RateLimiter limiter = new RateLimiter(2, now::get);
    assertEquals(0, limiter.tryAcquire("key-1"));
    assertEquals(0, limiter.tryAcquire("key-1"));
    assertEquals(30_000, limiter.tryAcquire("key-1"), "one request comes back every 30 s at 2 per minute");
    advanceMs(10_000);
    assertEquals(20_000, limiter.tryAcquire("key-1"));
    advanceMs(20_000);
    assertEquals(0, limiter.tryAcquire("key-1"));
  }

  @Test
  void clientsHaveTheirOwnBudget() {
    RateLimiter limiter = new RateLimiter(1, now::get);
    assertEquals(0, limiter.tryAcquire("key-1"));
    assertEquals(0, limiter.tryAcquire("key-2"));
    assertEquals(60_000, limiter.tryAcquire("key-1"));
  }

  @Test
  void zeroTurnsTheLimitOff() {
    RateLimiter limiter = new RateLimiter(0, now::get);
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, limiter.tryAcquire("key-1"));
    }
  }

  @Test
  void refusedRequestsDoNotSpendTheBudget() {
    RateLimiter limiter = new RateLimiter(60, now::get);
    for (int i = 0; i < 60; i++) {
      assertEquals(0, limiter.tryAcquire("key-1"));
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(1_000, limiter.tryAcquire("key-1"));
    }
    advanceMs(1_000);
    assertEquals(0, limiter.tryAcquire("key-1"));
  }
}
