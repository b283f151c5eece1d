package dev.factoryproxy.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A clustered Vert.x instance on the Hazelcast cluster manager: {@code conf/cluster.xml} (or the built-in default
 * when the file is absent), with the cluster name, member list and address from configuration on top.
 */
public final class ClusterSetup {
  /** The Hazelcast member attribute that carries a node's roles, e.g. {@code http,translator,upstream}. */
  static final String ROLES_ATTRIBUTE = "factoryProxyRoles";

  private ClusterSetup() {
  }

  /** The event-bus address and port this node announces to the others. */
  public static VertxOptions withEventBus(ProxyConfig.Cluster cluster, VertxOptions options) {
    if (cluster.host() != null) {
      options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host());
    }
    options.getEventBusOptions().setPort(cluster.eventBusPort());
    return options;
  }

  /** @param builder a builder with the node's options (see {@link #withEventBus}) and metrics */
  public static Future<Vertx> clusteredVertx(ProxyConfig.Cluster cluster, VertxBuilder builder) {
    return builder.withClusterManager(new HazelcastClusterManager(hazelcastConfig(cluster))).buildClustered();
  }

  /** The same, the member announcing its roles (SP8: the status page shows every node's). */
  public static Future<Vertx> clusteredVertx(ProxyConfig config, VertxBuilder builder) {
    Config hazelcast = hazelcastConfig(config.cluster());
    hazelcast.getMemberAttributeConfig().setAttribute(ROLES_ATTRIBUTE, roleNames(config.roles()));
    return builder.withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
  }

  /**
   * SP8: the cluster's members as Hazelcast sees them, each with the roles it announced ({@code []} for a member
   * that announced none) and whether it is this node; null when {@code vertx} is not clustered on Hazelcast.
   */
  public static JsonArray members(Vertx vertx) {
    HazelcastInstance hazelcast = hazelcast(vertx);
    if (hazelcast == null) {
      return null;
    }
    JsonArray nodes = new JsonArray();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String roles = member.getAttribute(ROLES_ATTRIBUTE);
      JsonArray names = new JsonArray();
      if (roles != null && !roles.isEmpty()) {
        java.util.Arrays.stream(roles.split(",")).forEach(names::add);
      }
      nodes.add(new JsonObject().put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
        .put("id", member.getUuid().toString().substring(0, 8)).put("roles", names).put("self", member.localMember()));
    }
    return nodes;
  }

  static String roleNames(java.util.Set<ProxyConfig.Role> roles) {
    return String.join(",", roles.stream().sorted().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  /** The Hazelcast member under a clustered Vert.x instance, or null when it is not clustered on Hazelcast. */
  public static HazelcastInstance hazelcast(Vertx vertx) {
    if (!vertx.isClustered() || !(vertx instanceof VertxInternal internal)) {
      return null;
    }
    return internal.clusterManager() instanceof HazelcastClusterManager manager ? manager.getHazelcastInstance()
      : null;
  }

  /** Visible for tests, which form clusters on 127.0.0.1 with a unique name. */
  public static Config hazelcastConfig(ProxyConfig.Cluster cluster) {
    Config config = load(cluster.configFile());
    config.setClusterName(cluster.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.hazelcastPort()).setPortAutoIncrement(true);
    if (!cluster.members().isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    if (cluster.host() != null) {
      network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(cluster.host()));
      config.setProperty("hazelcast.local.localAddress", cluster.host());
    }
    return config;
  }

  private static Config load(String file) {
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      // vertx-hazelcast's default has the maps Vert.x needs, but joins by multicast: never by default.
      Config config = ConfigUtil.loadConfig();
      JoinConfig join = config.getNetworkConfig().getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(java.util.List.of("127.0.0.1"));
      return config;
    }
    try {
      return new FileSystemXmlConfig(path.toFile());
    } catch (FileNotFoundException | RuntimeException e) {
      throw new ConfigException("cluster.configFile " + file + " is not a valid Hazelcast configuration: "
        + e.getMessage());
    }
  }
}
