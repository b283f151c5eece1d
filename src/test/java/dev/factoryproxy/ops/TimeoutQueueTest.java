package dev.factoryproxy.ops;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-verticle queue of same-length timeouts behind first-answer deadlines, liveness, first byte, read silence
 * and the client connections' deadlines. A test clock decides what is due; real timers only wake the queue up.
 */
class TimeoutQueueTest {
  private static final long MS = 1_000_000;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Runs on one event loop, as the queue's owner does. */
  private static <T> T onLoop(Callable<T> action) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        done.complete(action.call());
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(5, TimeUnit.SECONDS);
  }

  private static void onLoop(Runnable action) throws Exception {
    onLoop(() -> {
      action.run();
      return null;
    });
  }

  @Test
  void aTimeoutFiresOnceAfterItsPeriodOnRealTime() throws Exception {
    List<String> fired = new ArrayList<>();
    TimeoutQueue queue = onLoop(() -> new TimeoutQueue(vertx, 50));
    TimeoutQueue.Timeout timeout = onLoop(() -> queue.start(() -> fired.add("a")));
    Thread.sleep(400);
    assertEquals(List.of("a"), onLoop(() -> List.copyOf(fired)));
    assertFalse(onLoop(timeout::pending));
    assertEquals(0, onLoop(queue::size));
  }

  @Test
  void timeoutsFireInTheOrderTheyWereLastRestartedAndOnlyWhenDue() throws Exception {
    AtomicLong now = new AtomicLong();
    List<String> fired = new ArrayList<>();
    TimeoutQueue queue = onLoop(() -> new TimeoutQueue(vertx, 100, now::get));
    TimeoutQueue.Timeout a = queue.timeout(() -> fired.add("a"));
    TimeoutQueue.Timeout b = queue.timeout(() -> fired.add("b"));
    onLoop(a::restart); // due at 100 ms
    now.set(10 * MS);
    onLoop(b::restart); // due at 110 ms
    now.set(60 * MS);
    onLoop(a::restart); // a sign of life: a is due at 160 ms, behind b
    now.set(120 * MS);
    Thread.sleep(250); // the real timer fired: at 120 ms only b is due
    assertEquals(List.of("b"), onLoop(() -> List.copyOf(fired)));
    assertTrue(onLoop(a::pending));
    now.set(170 * MS);
    Thread.sleep(250);
    assertEquals(List.of("b", "a"), onLoop(() -> List.copyOf(fired)));
    assertEquals(0, onLoop(queue::size));
  }

  @Test
  void aCancelledTimeoutNeverFiresAndTheOthersStillDo() throws Exception {
    AtomicLong now = new AtomicLong();
    List<String> fired = new ArrayList<>();
    TimeoutQueue queue = onLoop(() -> new TimeoutQueue(vertx, 30, now::get));
    onLoop(() -> {
      TimeoutQueue.Timeout a = queue.start(() -> fired.add("a"));
      queue.start(() -> fired.add("b"));
      TimeoutQueue.Timeout c = queue.start(() -> fired.add("c"));
      queue.start(() -> fired.add("d"));
      a.cancel(); // the head: the armed timer stays and finds b, d
      c.cancel(); // one in the middle
      c.cancel(); // twice is harmless
    });
    assertEquals(2, onLoop(queue::size));
    now.set(40 * MS);
    Thread.sleep(250);
    assertEquals(List.of("b", "d"), onLoop(() -> List.copyOf(fired)));
  }

  @Test
  void aHandlerThatFailsOrRestartsDoesNotStopTheQueue() throws Exception {
    AtomicLong now = new AtomicLong();
    List<String> fired = new ArrayList<>();
    TimeoutQueue queue = onLoop(() -> new TimeoutQueue(vertx, 40, now::get));
    TimeoutQueue.Timeout[] again = new TimeoutQueue.Timeout[1];
    onLoop(() -> {
      queue.start(() -> {
        throw new IllegalStateException("boom (expected by the test)");
      });
      again[0] = queue.start(() -> {
        fired.add("again");
        again[0].restart(); // a periodic check re-arms itself from its handler
      });
      now.set(5 * MS);
      queue.start(() -> fired.add("late")); // due at 45 ms
    });
    now.set(41 * MS); // the first two are due, "late" is not
    Thread.sleep(250);
    assertEquals(List.of("again"), onLoop(() -> List.copyOf(fired)));
    assertEquals(2, onLoop(queue::size), "the restarted one and the late one are waiting");
    now.set(46 * MS);
    Thread.sleep(250);
    assertEquals(List.of("again", "late"), onLoop(() -> List.copyOf(fired)),
      "the one due first fired; the restarted one is due at 81 ms");
    now.set(90 * MS);
    Thread.sleep(250);
    assertEquals(List.of("again", "late", "again"), onLoop(() -> List.copyOf(fired)));
    onLoop(() -> again[0].cancel());
  }
}
