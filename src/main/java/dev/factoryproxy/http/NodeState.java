package dev.factoryproxy.http;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every HTTP verticle instance of one node (JVM) shares: whether the node is draining, and how many
 * requests are in flight. Kept in a local map as a {@link Shareable}, so all instances see the same object.
 */
public final class NodeState implements Shareable {
  private static final String MAP = "factory-proxy.node";

  private volatile boolean draining;
  private final AtomicInteger inFlight = new AtomicInteger();

  public static NodeState of(Vertx vertx) {
    return vertx.sharedData().<String, NodeState>getLocalMap(MAP).computeIfAbsent("state", k -> new NodeState());
  }

  /** From now on health is unhealthy and new requests are refused; in-flight ones go on. */
  public void startDraining() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  public int inFlight() {
    return inFlight.get();
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestEnded() {
    inFlight.decrementAndGet();
  }
}
