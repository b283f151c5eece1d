package dev.factoryproxy.cluster;

import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.ProxyConfig.Role;
import dev.factoryproxy.http.HttpVerticle;
import dev.factoryproxy.ops.NodeVertx;
import dev.factoryproxy.translate.TranslatorVerticle;
import dev.factoryproxy.upstream.UpstreamVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * One proxy node: a Vert.x instance (clustered or not) running the verticle kinds its roles name, each with its
 * own instance count. The same code serves a single JVM and a cluster.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final long DRAIN_POLL_MS = 100;

  private final Vertx vertx;
  private final ProxyConfig config;

  private Node(Vertx vertx, ProxyConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Creates the Vert.x instance the configuration asks for (metered unless metrics are off) and deploys this node's roles on it. */
  public static Future<Node> start(JsonObject configJson) {
    ProxyConfig config = ProxyConfig.fromJson(configJson);
    VertxOptions base = new VertxOptions().setEventLoopPoolSize(config.eventLoops());
    VertxOptions options = config.cluster().enabled() ? ClusterSetup.withEventBus(config.cluster(), base) : base;
    NodeVertx setup = NodeVertx.configure(config.metrics(), options);
    Future<Vertx> vertx = config.cluster().enabled()
      ? ClusterSetup.clusteredVertx(config.cluster(), setup.builder()).map(setup::bind)
      : Future.succeededFuture(setup.build());
    return vertx.compose(v -> deploy(v, configJson).map(ignored -> new Node(v, config))
      .recover(err -> v.close().transform(closed -> Future.failedFuture(err))));
  }

  /**
   * Deploys the verticles of this node's roles. Translator and upstream consumers come first, so the HTTP
   * verticles never accept a request that nothing could serve.
   */
  public static Future<Void> deploy(Vertx vertx, JsonObject configJson) {
    ProxyConfig config = ProxyConfig.fromJson(configJson);
    Future<Void> backends = Future.all(
      deploy(vertx, configJson, config.runs(Role.TRANSLATOR), TranslatorVerticle::new, config.translatorInstances()),
      deploy(vertx, configJson, config.runs(Role.UPSTREAM), UpstreamVerticle::new, config.upstream().instances())
    ).mapEmpty();
    return backends.compose(v -> deploy(vertx, configJson, config.runs(Role.HTTP), HttpVerticle::new,
      config.http().instances()));
  }

  private static Future<Void> deploy(Vertx vertx, JsonObject configJson, boolean wanted,
                                     Supplier<Deployable> verticle, int instances) {
    if (!wanted) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(configJson).setInstances(instances))
      .mapEmpty();
  }

  /**
   * Graceful stop: health turns unhealthy and new requests are refused at once; in-flight requests may finish
   * for up to {@code http.drainTimeoutMs}; then the verticles stop (cancelling what is left upstream) and the
   * node leaves the cluster.
   */
  public Future<Void> shutdown() {
    NodeState state = NodeState.of(vertx);
    state.startDraining();
    LOG.info("draining: {} request(s) in flight, waiting up to {} ms", state.inFlight(), config.http().drainTimeoutMs());
    return drained(state, System.currentTimeMillis() + config.http().drainTimeoutMs())
      .eventually(() -> vertx.close());
  }

  private Future<Void> drained(NodeState state, long deadline) {
    if (state.inFlight() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(DRAIN_POLL_MS, id -> {
      if (state.inFlight() == 0 || System.currentTimeMillis() >= deadline) {
        vertx.cancelTimer(id);
        if (state.inFlight() > 0) {
          LOG.warn("drain timeout: {} request(s) still in flight are cut off", state.inFlight());
        }
        done.complete();
      }
    });
    return done.future();
  }

  public ProxyConfig config() {
    return config;
  }
}
