package dev.factoryproxy.ops;

import dev.factoryproxy.config.ProxyConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.UUID;

/**
 * How a node's Vert.x instance is built: with Micrometer metrics (HTTP server and client, pools, the event bus when
 * turned on, and the JVM's series a moment after start: {@link #startJvmMetrics}) into a Prometheus registry that the
 * proxy's own series share, or without metrics when they are off.
 * {@code Node} uses it for clustered and single nodes; tests may use it to get a metered Vert.x.
 */
public final class NodeVertx {
  /** After start-up: the node's first answers do not wait for the JVM series' binding ({@link JvmMetrics}). */
  static final long JVM_METRICS_DELAY_MS = 1000;

  private final VertxBuilder builder;
  private final ProxyMetrics metrics;
  private final PrometheusMeterRegistry registry;

  private NodeVertx(VertxBuilder builder, ProxyMetrics metrics, PrometheusMeterRegistry registry) {
    this.builder = builder;
    this.metrics = metrics;
    this.registry = registry;
  }

  /** @param options the node's other Vert.x options (e.g. the cluster's event bus); metrics are added to them */
  public static NodeVertx configure(ProxyConfig.Metrics settings, VertxOptions options) {
    if (!settings.enabled()) {
      return new NodeVertx(Vertx.builder().with(options), ProxyMetrics.disabled(), null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(false) // bound by startJvmMetrics, after start-up
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
      // Vert.x keeps registries in a static map by name: a unique name keeps two nodes in one JVM apart
      .setRegistryName("factory-proxy-" + UUID.randomUUID());
    if (!settings.eventBus()) {
      metricsOptions.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    }
    return new NodeVertx(Vertx.builder()
      .with(options.setMetricsOptions(metricsOptions))
      .withMetrics(new MicrometerMetricsFactory(registry)), ProxyMetrics.on(registry), registry);
  }

  /**
   * Binds the JVM and process series to this node's registry {@link #JVM_METRICS_DELAY_MS} after the call, on a
   * worker thread, and unbinds them when {@code vertx} closes; nothing when metrics are off.
   */
  public Future<Void> startJvmMetrics(Vertx vertx) {
    if (registry == null) {
      return Future.succeededFuture();
    }
    JvmMetrics jvm = new JvmMetrics();
    ((VertxInternal) vertx).addCloseHook(completion -> {
      jvm.close();
      completion.succeed();
    });
    return jvm.bindLater(vertx, registry, JVM_METRICS_DELAY_MS);
  }

  /** The builder, for adding what a clustered node needs; pass the result to {@link #bind}. */
  public VertxBuilder builder() {
    return builder;
  }

  /** A non-clustered Vert.x instance with this node's metrics. */
  public Vertx build() {
    return builder.build();
  }

  /** The metrics of the Vert.x instance this builder makes, for the composition root to hand to the verticles. */
  public ProxyMetrics metrics() {
    return metrics;
  }
}
