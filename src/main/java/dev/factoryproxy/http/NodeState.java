package dev.factoryproxy.http;

import io.vertx.core.Vertx;

/** Node-wide flags shared by every verticle instance of this JVM. */
public final class NodeState {
  private static final String MAP = "factory-proxy.node";

  private NodeState() {
  }

  /** Set when the node shuts down: health turns unhealthy and new requests are refused. */
  public static void startDraining(Vertx vertx) {
    vertx.sharedData().getLocalMap(MAP).put("draining", true);
  }

  public static boolean draining(Vertx vertx) {
    return Boolean.TRUE.equals(vertx.sharedData().getLocalMap(MAP).get("draining"));
  }
}
