package dev.factoryproxy.ops;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.function.Supplier;

/**
 * One object per node, shared by every verticle instance of that node (they run on different event loops, so the
 * objects must be thread-safe). Kept in a Vert.x local map: it lives and dies with its Vert.x instance, so two
 * nodes in one JVM (as in tests) never share state, and nothing global outlives a node.
 */
public final class NodeShared {
  private static final String MAP = "factory-proxy.node-objects";

  private NodeShared() {
  }

  /** The node's object of this name, created on first use. */
  @SuppressWarnings("unchecked")
  public static <T extends Shareable> T get(Vertx vertx, String name, Supplier<T> create) {
    return (T) map(vertx).computeIfAbsent(name, ignored -> create.get());
  }

  /** Binds an object created before the node's verticles (e.g. with the Vert.x instance itself). */
  static void put(Vertx vertx, String name, Shareable object) {
    map(vertx).put(name, object);
  }

  private static LocalMap<String, Shareable> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
