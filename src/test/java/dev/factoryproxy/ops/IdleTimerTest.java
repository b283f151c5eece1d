package dev.factoryproxy.ops;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lazy idle timer behind the HTTP side's liveness and the upstream side's read silence. */
class IdleTimerTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static void onContext(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(5, TimeUnit.SECONDS);
  }

  @Test
  void firesOnceAfterTheIdlePeriod() throws Exception {
    AtomicInteger fired = new AtomicInteger();
    IdleTimer timer = new IdleTimer(vertx, 50, fired::incrementAndGet);
    onContext(timer::touch);
    Thread.sleep(400);
    assertEquals(1, fired.get());
    assertFalse(timer.running());
  }

  @Test
  void aTouchSinceTheLastCheckPostponesTheFiring() throws Exception {
    AtomicLong now = new AtomicLong();
    AtomicLong firedAt = new AtomicLong(-1);
    IdleTimer timer = new IdleTimer(vertx, 100, () -> firedAt.set(now.get()), now::get);
    onContext(timer::touch); // at t=0
    onContext(() -> now.set(60_000_000)); // a touch at t=60 ms, then the clock stands still at 60 ms
    onContext(timer::touch);
    Thread.sleep(150); // the first check (after 100 ms real) sees 0 ms of quiet and re-arms for 100 ms
    assertEquals(-1, firedAt.get(), "touched since: not idle yet");
    assertTrue(timer.running());
    onContext(() -> now.set(200_000_000)); // 140 ms after the touch
    Thread.sleep(300);
    assertEquals(200_000_000, firedAt.get());
  }

  @Test
  void stopPreventsTheFiring() throws Exception {
    AtomicInteger fired = new AtomicInteger();
    IdleTimer timer = new IdleTimer(vertx, 50, fired::incrementAndGet);
    onContext(() -> {
      timer.touch();
      timer.stop();
    });
    Thread.sleep(200);
    assertEquals(0, fired.get());
    assertFalse(timer.running());
  }
}
