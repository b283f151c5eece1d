package dev.factoryproxy.ops;

import io.vertx.core.Vertx;

import java.util.function.LongSupplier;

/**
 * Fires once when nothing happened for {@code idleMs}. {@link #touch()} only notes the time; the one timer re-arms
 * itself for the rest of the period when it finds a touch since (cheaper than a new timer per message or read).
 * Used for the HTTP side's liveness of a call and the upstream side's silence between reads. Event-loop confined.
 */
public final class IdleTimer {
  private final Vertx vertx;
  private final long idleMs;
  private final Runnable onIdle;
  private final LongSupplier nanoTime;
  private long timerId = -1;
  private long lastTouchNanos;

  public IdleTimer(Vertx vertx, long idleMs, Runnable onIdle) {
    this(vertx, idleMs, onIdle, System::nanoTime);
  }

  IdleTimer(Vertx vertx, long idleMs, Runnable onIdle, LongSupplier nanoTime) {
    this.vertx = vertx;
    this.idleMs = idleMs;
    this.onIdle = onIdle;
    this.nanoTime = nanoTime;
  }

  /** Something happened: the idle period starts again (and the timer starts if it was not running). */
  public void touch() {
    lastTouchNanos = nanoTime.getAsLong();
    if (timerId < 0) {
      schedule(idleMs);
    }
  }

  /** No more idle checks until the next {@link #touch()}. */
  public void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  public boolean running() {
    return timerId >= 0;
  }

  private void schedule(long ms) {
    timerId = vertx.setTimer(ms, id -> {
      timerId = -1;
      long quietMs = (nanoTime.getAsLong() - lastTouchNanos) / 1_000_000;
      if (quietMs < idleMs) {
        schedule(idleMs - quietMs);
      } else {
        onIdle.run();
      }
    });
  }
}
