package dev.factoryproxy.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM and process series ({@code jvm_*}, {@code process_*}, {@code system_*}): the binders Vert.x's
 * {@code setJvmMetricsEnabled(true)} would bind, bound by the node itself shortly after it started, on a worker
 * thread. Bound while Vert.x starts, they cost a single-core node about a third of its start-up (the platform
 * MXBeans and JMX load and initialise then); a node answers its first request before they exist. The GC pause
 * series count from their binding on.
 */
final class JvmMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(JvmMetrics.class);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private boolean closed;

  /** Binds them on a worker thread {@code delayMs} after this call; completes once bound. */
  Future<Void> bindLater(Vertx vertx, MeterRegistry registry, long delayMs) {
    Promise<Void> bound = Promise.promise();
    vertx.setTimer(delayMs, id -> vertx.executeBlocking(() -> {
      bind(registry);
      return null;
    }, false).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("JVM metrics not bound: {}", done.cause().toString());
      }
      bound.handle(done.mapEmpty());
    }));
    return bound.future();
  }

  /** The same binders, Vert.x's; the uptime series last (a test waits for it as the sign that all are bound). */
  synchronized void bind(MeterRegistry registry) {
    if (closed) {
      return;
    }
    JvmGcMetrics gc = new JvmGcMetrics();
    JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
    closeables.add(gc);
    closeables.add(pressure);
    for (MeterBinder binder : List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), gc, pressure,
      new ProcessorMetrics(), new JvmThreadMetrics(), new JvmCompilationMetrics(), new JvmInfoMetrics(),
      new UptimeMetrics())) {
      binder.bindTo(registry);
    }
  }

  /** Removes the GC notification listeners (the node stops). */
  synchronized void close() {
    closed = true;
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // a listener already gone
      }
    }
    closeables.clear();
  }
}
