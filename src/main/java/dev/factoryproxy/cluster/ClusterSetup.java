package dev.factoryproxy.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** A clustered Vert.x instance on the Hazelcast cluster manager (configuration in {@code conf/cluster.xml}). */
final class ClusterSetup {
  private ClusterSetup() {
  }

  static Future<Vertx> clusteredVertx(VertxBuilder builder) {
    return builder.withClusterManager(new HazelcastClusterManager()).buildClustered();
  }
}
