package dev.factoryproxy.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The proxy's own series, one method per fact so that call sites stay one line. One instance per node (made by
 * the composition root, {@code cluster.Node}), on the node's Prometheus registry, which also holds the Vert.x
 * metrics when the node was built by {@link NodeVertx}. Micrometer meters are thread-safe, so every verticle
 * instance records here directly.
 */
public final class ProxyMetrics {
  /** Latency buckets: from a fast error to a long reasoning answer. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
    Duration.ofSeconds(300)};

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  /** Meters by name and tag values: Micrometer's own lookup builds an id and sorts tags on every call. */
  private final Map<String, Meter> meters = new ConcurrentHashMap<>();

  private ProxyMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
  }

  /** The proxy's series on this registry (tests use it directly). */
  public static ProxyMetrics on(PrometheusMeterRegistry registry) {
    return new ProxyMetrics(registry, registry);
  }

  /** Records nothing: a composite registry without members hands out no-op meters. */
  public static ProxyMetrics disabled() {
    return new ProxyMetrics(new CompositeMeterRegistry(), null);
  }

  /** For a node whose Vert.x instance was not built by {@link NodeVertx} (tests): the proxy's own series only. */
  public static ProxyMetrics standalone(boolean enabled) {
    return enabled ? on(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)) : disabled();
  }

  /** The registry {@code GET /metrics} scrapes; empty when metrics are off. */
  public Optional<PrometheusMeterRegistry> prometheus() {
    return Optional.ofNullable(prometheus);
  }

  /** A finished chat completion; {@code model} must come from a bounded set (see the access log). */
  public void request(String model, int status, boolean stream) {
    counter("proxy.requests " + model + " " + status + " " + stream, () -> Counter.builder("proxy.requests")
      .description("Chat completions answered, by model, status and mode")
      .tags("model", model, "status", Integer.toString(status), "stream", Boolean.toString(stream))
      .register(registry)).increment();
  }

  /**
   * From sending one call to Factory to its response head (or failure: status 0), by Factory route
   * ({@code messages}, {@code responses}, {@code chat}, {@code gemini}) and status.
   */
  public void upstreamLatency(String route, int status, long nanos) {
    String code = Integer.toString(status);
    ((Timer) meters.computeIfAbsent("proxy.upstream.latency " + route + " " + code, key ->
      Timer.builder("proxy.upstream.latency").description("Factory response-head latency per call")
        .tags("route", route, "status", code).serviceLevelObjectives(BUCKETS).register(registry)))
      .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** From receiving a chat completion to sending its first streamed chunk. */
  public void timeToFirstToken(String model, long nanos) {
    timer("proxy.time.to.first.token", "Time to the first streamed chunk", "model", model)
      .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Tokens of one answer, from its OpenAI usage ({@code input} includes the cached ones). */
  public void tokens(String model, JsonObject usage) {
    if (usage == null) {
      return;
    }
    tokens(model, "input", usage.getValue("prompt_tokens"));
    tokens(model, "output", usage.getValue("completion_tokens"));
    JsonObject details = usage.getValue("prompt_tokens_details") instanceof JsonObject d ? d : new JsonObject();
    tokens(model, "cached", details.getValue("cached_tokens"));
  }

  private void tokens(String model, String kind, Object count) {
    if (count instanceof Number n && n.longValue() > 0) {
      counter("proxy.tokens " + model + " " + kind, () -> Counter.builder("proxy.tokens")
        .description("Tokens by model and kind (input includes cached)")
        .tags("model", model, "kind", kind).register(registry)).increment(n.doubleValue());
    }
  }

  /** A call to Factory retried; {@code reason} is the failed call's status ("529", "429", "401") or "connection" / "timeout". */
  public void retry(String reason) {
    Counter.builder("proxy.upstream.retries").description("Calls to Factory retried, by reason")
      .tags("reason", reason).register(registry).increment();
  }

  public void clientCancelled() {
    Counter.builder("proxy.client.cancellations").description("Clients that left before their answer was complete")
      .register(registry).increment();
  }

  /** A request refused by an admission limit ({@code limit}: the error code it got). */
  public void limitRejected(String limit) {
    Counter.builder("proxy.limit.rejections").description("Requests refused by a proxy limit")
      .tags("limit", limit).register(registry).increment();
  }

  /** Registers the gauge of chat completions in flight on this node (once per node). */
  public void activeStreams(Supplier<Number> count) {
    Gauge.builder("proxy.active.streams", count).description("Chat completions in flight on this node")
      .strongReference(true).register(registry);
  }

  /** Registers the gauge of Factory keys in one state: usable, cooling_down or set_aside (once per node). */
  public void upstreamKeys(String state, Supplier<Number> count) {
    Gauge.builder("proxy.upstream.keys", count).description("Factory keys by state")
      .tags("state", state).strongReference(true).register(registry);
  }

  /**
   * QU8: registers the gauge of one credential's use of one quota window, in percent (Prometheus
   * {@code proxy_upstream_quota_used_percent}); {@code credential} is the id health shows, never the key.
   * Registering the same series again is a no-op.
   */
  public void upstreamQuota(String credential, String pool, String window, Supplier<Number> usedPercent) {
    meters.computeIfAbsent("proxy.upstream.quota.used " + credential + " " + pool + " " + window, key ->
      Gauge.builder("proxy.upstream.quota.used", usedPercent).baseUnit("percent")
        .description("Share of a Factory quota window used, per credential (NaN until known)")
        .tags("credential", credential, "pool", pool, "window", window).strongReference(true).register(registry));
  }

  private Timer timer(String name, String description, String tag, String value) {
    return (Timer) meters.computeIfAbsent(name + " " + value, key -> Timer.builder(name).description(description)
      .tags(tag, value).serviceLevelObjectives(BUCKETS).register(registry));
  }

  private Counter counter(String key, Supplier<Counter> create) {
    return (Counter) meters.computeIfAbsent(key, k -> create.get());
  }
}
