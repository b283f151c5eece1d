package dev.factoryproxy.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every verticle instance of one node (JVM) shares: whether the node is draining, and how much work is in
 * flight (client requests on HTTP nodes, Factory calls on upstream nodes). The composition root
 * ({@code cluster.Node}) makes one per node and hands it to the verticles; they run on different event loops, so it is
 * thread-safe.
 */
public final class NodeState {
  private volatile boolean draining;
  /** Answers come from the in-process sandbox (issue 17): every answer and /health say so. */
  private volatile boolean sandbox;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<Runnable> drainListeners = new CopyOnWriteArrayList<>();

  /** From now on health is unhealthy and new requests are refused; in-flight ones go on. */
  public void startDraining() {
    draining = true;
    drainListeners.forEach(Runnable::run);
  }

  /** Called once draining starts, e.g. to stop taking new upstream jobs (run it on the verticle's own context). */
  public void onDrain(Runnable listener) {
    drainListeners.add(listener);
  }

  /** Set once by the composition root, before any verticle is deployed. */
  public void markSandbox() {
    sandbox = true;
  }

  public boolean sandbox() {
    return sandbox;
  }

  public boolean draining() {
    return draining;
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void workStarted() {
    inFlight.incrementAndGet();
  }

  public void workEnded() {
    inFlight.decrementAndGet();
  }
}
