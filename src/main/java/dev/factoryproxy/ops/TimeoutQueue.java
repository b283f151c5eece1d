package dev.factoryproxy.ops;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * The timeouts of one length on one event loop (a verticle's first-answer deadlines, its streams' liveness, ...):
 * one Vert.x timer for all of them instead of one per request. Every timeout here runs for the same period, so the
 * order in which they were (re)started is the order in which they fall due: they sit in a linked list, a restart
 * moves one to the tail and a cancel unlinks it, both in constant time, and the one timer is armed for the head.
 * <p>
 * Why: a Vert.x timer costs a map entry, a Netty scheduled task and a priority-queue insert and removal; a proxied
 * request used about eight of them (first answer, liveness, first byte, read silence, body and keep-alive deadlines,
 * the client request's own idle timeout), 5–6% of the event loop's samples at 64 connections (JFR, issue 16).
 * <p>
 * Confined to the event loop that made it, like the verticle that owns it.
 */
public final class TimeoutQueue {
  private static final Logger LOG = LoggerFactory.getLogger(TimeoutQueue.class);
  /** Timeouts due within this much of the one being fired are fired with it (Vert.x timers have 1 ms steps). */
  private static final long SLACK_NANOS = 1_000_000;

  private final Vertx vertx;
  private final long periodMs;
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private Timeout head;
  private Timeout tail;
  private long timerId = -1;
  /** While {@link #fire} runs: a handler that restarts a timeout must not arm the timer for the tail. */
  private boolean firing;
  private int size;

  public TimeoutQueue(Vertx vertx, long periodMs) {
    this(vertx, periodMs, System::nanoTime);
  }

  TimeoutQueue(Vertx vertx, long periodMs, LongSupplier nanoTime) {
    if (periodMs <= 0) {
      throw new IllegalArgumentException("periodMs must be positive: " + periodMs);
    }
    this.vertx = vertx;
    this.periodMs = periodMs;
    this.periodNanos = periodMs * 1_000_000;
    this.nanoTime = nanoTime;
  }

  public long periodMs() {
    return periodMs;
  }

  /** Timeouts started and neither fired nor cancelled. */
  public int size() {
    return size;
  }

  /** A timeout that runs {@code onExpiry} once it has gone a whole period without a restart; not started yet. */
  public Timeout timeout(Runnable onExpiry) {
    return new Timeout(onExpiry);
  }

  /** A timeout started now. */
  public Timeout start(Runnable onExpiry) {
    Timeout timeout = new Timeout(onExpiry);
    timeout.restart();
    return timeout;
  }

  /** One timeout; restart it on every sign of life, cancel it when its work is done. */
  public final class Timeout {
    private final Runnable onExpiry;
    private Timeout prev;
    private Timeout next;
    private long dueNanos;
    private boolean queued;

    private Timeout(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    /** The period starts again now (and the timeout starts if it was not running). */
    public void restart() {
      unlink(this);
      dueNanos = nanoTime.getAsLong() + periodNanos;
      append(this);
    }

    /** It will not fire (until the next {@link #restart()}). */
    public void cancel() {
      unlink(this);
    }

    public boolean pending() {
      return queued;
    }
  }

  private void append(Timeout t) {
    t.prev = tail;
    t.next = null;
    if (tail == null) {
      head = t;
    } else {
      tail.next = t;
    }
    tail = t;
    t.queued = true;
    size++;
    if (timerId < 0 && !firing) {
      arm(t.dueNanos - nanoTime.getAsLong());
    }
  }

  private void unlink(Timeout t) {
    if (!t.queued) {
      return;
    }
    if (t.prev == null) {
      head = t.next;
    } else {
      t.prev.next = t.next;
    }
    if (t.next == null) {
      tail = t.prev;
    } else {
      t.next.prev = t.prev;
    }
    t.prev = null;
    t.next = null;
    t.queued = false;
    size--;
  }

  /**
   * A cancelled head leaves the timer armed (re-arming would cost what the queue saves): it fires, finds nothing
   * due and re-arms for the new head. A restart never needs an earlier timer: it puts a later deadline at the tail.
   */
  private void arm(long inNanos) {
    long ms = Math.max(1, (inNanos + 999_999) / 1_000_000);
    timerId = vertx.setTimer(ms, id -> fire());
  }

  private void fire() {
    timerId = -1;
    firing = true;
    try {
      long now = nanoTime.getAsLong();
      while (head != null && head.dueNanos - now < SLACK_NANOS) {
        Timeout due = head;
        unlink(due);
        try {
          due.onExpiry.run();
        } catch (RuntimeException e) {
          LOG.warn("a timeout's handler failed: {}", e.toString(), e); // the others still fire
        }
        now = nanoTime.getAsLong();
      }
    } finally {
      firing = false;
      if (head != null) {
        arm(head.dueNanos - nanoTime.getAsLong());
      }
    }
  }
}
