package dev.factoryproxy.cluster;

import dev.factoryproxy.ops.NodeShared;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every verticle instance of one node (JVM) shares: whether the node is draining, and how much work is in
 * flight (client requests on HTTP nodes, Factory calls on upstream nodes). Kept in a local map as a
 * {@link Shareable}, so all instances see the same object.
 */
public final class NodeState implements Shareable {
  private volatile boolean draining;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<Runnable> drainListeners = new CopyOnWriteArrayList<>();

  public static NodeState of(Vertx vertx) {
    return NodeShared.get(vertx, "node-state", NodeState::new);
  }

  /** From now on health is unhealthy and new requests are refused; in-flight ones go on. */
  public void startDraining() {
    draining = true;
    drainListeners.forEach(Runnable::run);
  }

  /** Called once draining starts, e.g. to stop taking new upstream jobs (run it on the verticle's own context). */
  public void onDrain(Runnable listener) {
    drainListeners.add(listener);
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
