package dev.factoryproxy.e2e;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.ops.NodeVertx;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.testing.Eventually;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.PrometheusText;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics}: Prometheus text with the Vert.x series of a metered node and the proxy's own. */
class MetricsEndpointTest {
  private static final String MODEL = ProxyClient.MODEL;

  /** Runs {@code test} against a proxy on {@code vertx} (closed afterwards), configured by {@code adjust}. */
  private static void withProxy(Vertx vertx, Consumer<JsonObject> adjust, Consumer<ProxyClient> test) {
    withProxy(vertx, null, adjust, test);
  }

  /** The same on a metered Vert.x: the composition root gets the metrics its Vert.x instance records into. */
  private static void withProxy(NodeVertx setup, Consumer<JsonObject> adjust, Consumer<ProxyClient> test) {
    withProxy(setup.build(), setup.metrics(), adjust, test);
  }

  private static void withProxy(Vertx vertx, ProxyMetrics metrics, Consumer<JsonObject> adjust,
                                Consumer<ProxyClient> test) {
    try {
      FakeFactory fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
      int port = ProxyUnderTest.freePort();
      JsonObject config = ProxyUnderTest.config(fake.url(), port);
      adjust.accept(config);
      (metrics == null ? ProxyUnderTest.start(vertx, config) : ProxyUnderTest.start(vertx, metrics, config)).await();
      test.accept(new ProxyClient(vertx, port));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aMeteredNodeServesVertxAndProxySeries() {
    withProxy(NodeVertx.configure(new ProxyConfig.Metrics(true, true), new io.vertx.core.VertxOptions()), config -> { }, client -> {
      assertEquals(200, client.chat(true).status());
      assertEquals(200, client.chat(false).status());
      Answer scrape = client.get("/metrics");
      assertEquals(200, scrape.status());
      assertTrue(scrape.headers().get("content-type").startsWith("text/plain; version=0.0.4"));
      PrometheusText metrics = PrometheusText.parse(scrape.body()); // every line is a comment or name{labels} value

      assertEquals("counter", metrics.type("vertx_http_server_requests_total"));
      assertEquals("counter", metrics.type("vertx_http_client_requests_total"));
      assertEquals("counter", metrics.type("vertx_eventbus_sent_total"));
      assertEquals("counter", metrics.type("proxy_requests_total"));
      assertEquals("counter", metrics.type("proxy_tokens_total"));
      assertEquals("histogram", metrics.type("proxy_upstream_latency_seconds"));
      assertEquals("histogram", metrics.type("proxy_time_to_first_token_seconds"));
      assertEquals("gauge", metrics.type("proxy_active_streams"));
      assertEquals("gauge", metrics.type("proxy_upstream_keys"));

      assertEquals(1, metrics.sum("proxy_requests_total", Map.of("model", MODEL, "status", "200", "stream", "true")));
      assertEquals(1, metrics.sum("proxy_requests_total", Map.of("model", MODEL, "status", "200", "stream", "false")));
      assertEquals(50, metrics.sum("proxy_tokens_total", Map.of("model", MODEL, "kind", "input")));
      assertEquals(30, metrics.sum("proxy_tokens_total", Map.of("model", MODEL, "kind", "output")));
      assertEquals(1, metrics.sum("proxy_time_to_first_token_seconds_count", Map.of("model", MODEL)));
      assertEquals(2, metrics.sum("proxy_upstream_latency_seconds_count", Map.of("status", "200", "route", "messages")));
      assertEquals(2, metrics.sum("proxy_upstream_latency_seconds_bucket", Map.of("status", "200", "le", "+Inf")));
      assertEquals(0, metrics.sum("proxy_active_streams"));
      assertEquals(1, metrics.sum("proxy_upstream_keys", Map.of("state", "usable")));
      assertTrue(metrics.sum("vertx_http_server_requests_total") >= 2);
    });
  }

  /** Also: Netty's epoll transport where the jar carries it (Linux x86_64 / aarch64), NIO elsewhere (issue 16). */
  @Test
  void nodeStartBuildsAMeteredVertx() {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch");
    boolean epollCarried = os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
    Vertx fakeSide = Vertx.vertx();
    try {
      FakeFactory fake = FakeFactory.start(fakeSide).await();
      int port = ProxyUnderTest.freePort();
      Node node = ProxyClient.await(Node.start(ProxyUnderTest.config(fake.url(), port)));
      try {
        assertEquals(epollCarried, node.vertx().isNativeTransportEnabled(),
          "native transport on " + os + "/" + arch + ": " + node.vertx().unavailableNativeTransportCause());
        ProxyClient client = new ProxyClient(node.vertx(), port);
        assertEquals(200, client.get("/health").status());
        assertEquals(200, client.chat(true).status());
        PrometheusText metrics = client.metrics();
        assertEquals("counter", metrics.type("vertx_http_server_requests_total"));
        assertEquals("gauge", metrics.type("proxy_active_streams"));
        assertEquals(null, metrics.type("vertx_eventbus_sent_total"), "event-bus series are off by default");
        // the JVM's series are bound a moment after start, off the start-up path (NodeVertx.startJvmMetrics)
        PrometheusText later = Eventually.get(client::metrics, m -> m.type("process_uptime_seconds") != null); // last
        assertEquals("gauge", later.type("jvm_memory_used_bytes"));
        assertEquals("gauge", later.type("jvm_classes_loaded_classes"));
        assertEquals("gauge", later.type("process_uptime_seconds"));
        assertEquals("counter", later.type("jvm_gc_memory_allocated_bytes_total"));
        assertEquals("gauge", later.type("process_cpu_usage"));
        assertEquals("gauge", later.type("jvm_threads_live_threads"));
      } finally {
        ProxyClient.await(node.shutdown());
      }
    } finally {
      fakeSide.close().await();
    }
  }

  @Test
  void aPlainVertxStillGetsTheProxySeries() {
    withProxy(Vertx.vertx(), config -> { }, client -> {
      assertEquals(200, client.chat(false).status());
      PrometheusText metrics = client.metrics();
      assertEquals(1, metrics.sum("proxy_requests_total", Map.of("status", "200")));
      assertTrue(metrics.samples().stream().noneMatch(s -> s.name().startsWith("vertx_")), "no Vert.x metrics here");
    });
  }

  @Test
  void withMetricsOffThereIsNoEndpointAndTheProxyStillWorks() {
    withProxy(NodeVertx.configure(new ProxyConfig.Metrics(false, false), new io.vertx.core.VertxOptions()),
      config -> config.put("metrics", new JsonObject().put("enabled", false)), client -> {
        assertEquals(200, client.chat(true).status());
        assertEquals(404, client.get("/metrics").status());
      });
  }

  @Test
  void eventBusSeriesCanBeTurnedOff() {
    withProxy(NodeVertx.configure(new ProxyConfig.Metrics(true, false), new io.vertx.core.VertxOptions()),
      config -> { }, client -> {
        assertEquals(200, client.chat(true).status());
        PrometheusText metrics = PrometheusText.parse(client.get("/metrics").body());
        assertEquals("counter", metrics.type("vertx_http_server_requests_total"));
        assertEquals(null, metrics.type("vertx_eventbus_sent_total"));
        assertEquals(0, metrics.sum("vertx_eventbus_sent_total"));
      });
  }
}
