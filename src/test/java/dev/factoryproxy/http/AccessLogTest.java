package dev.factoryproxy.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.config.ModelCatalog;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.testing.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogTest {
  private static final String SONNET = "claude-sonnet-4-5-20250929";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AccessLog accessLog = new AccessLog(ProxyMetrics.on(registry),
    new ModelCatalog(List.of(ModelInfo.unknown(SONNET, 8192)), Map.of("sonnet", SONNET), 8192));
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

  @BeforeEach
  void capture() {
    captured.start();
    logger.addAppender(captured);
  }

  @AfterEach
  void release() {
    logger.detachAppender(captured);
  }

  private AccessLog.Entry streamedChat(String model) {
    AccessLog.Entry entry = accessLog.start("req_test1", "POST", "/v1/chat/completions").client("key-1").request(model, true);
    entry.firstToken();
    entry.usage(new JsonObject().put("prompt_tokens", 30).put("completion_tokens", 15)
      .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 5)), "stop");
    return entry;
  }

  @Test
  void theLineCarriesStructuredFields() {
    streamedChat("sonnet").done(200);
    assertEquals(1, captured.list.size());
    ILoggingEvent event = captured.list.get(0);
    Map<String, Object> fields = event.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
    assertEquals("req_test1", fields.get("request_id"));
    assertEquals("key-1", fields.get("client"));
    assertEquals("sonnet", fields.get("model"));
    assertEquals(200, fields.get("status"));
    assertEquals(30, fields.get("prompt_tokens"));
    assertEquals(15, fields.get("completion_tokens"));
    assertEquals(5, fields.get("cached_tokens"));
    assertEquals("stop", fields.get("finish_reason"));
    assertTrue(fields.containsKey("latency_ms") && fields.containsKey("ttft_ms"), fields.toString());
  }

  @Test
  void textModeStaysOneReadableLine() {
    streamedChat("sonnet").done(200);
    String line = captured.list.get(0).getFormattedMessage();
    assertFalse(line.contains("\n"));
    assertTrue(line.startsWith("[req_test1] POST /v1/chat/completions 200 "), line);
    assertTrue(line.contains(" client=key-1 model=sonnet stream=true ttft="), line);
    assertTrue(line.contains(" tokens=30/15 finish=stop"), line);
  }

  @Test
  void jsonModeWritesTheFields() {
    streamedChat("sonnet").done(200);
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
    String json = new String(encoder.encode(captured.list.get(0)), StandardCharsets.UTF_8);
    assertTrue(json.contains("{\"request_id\":\"req_test1\"}"), json);
    assertTrue(json.contains("{\"ttft_ms\":"), json);
    assertTrue(json.contains("{\"client\":\"key-1\"}"), json);
  }

  @Test
  void theSameFactsFeedTheMetrics() {
    streamedChat("sonnet").done(200);
    PrometheusText metrics = PrometheusText.parse(registry.scrape());
    Map<String, String> sonnet = Map.of("model", SONNET);
    assertEquals(1, metrics.sum("proxy_requests_total", Map.of("model", SONNET, "status", "200", "stream", "true")));
    assertEquals(30, metrics.sum("proxy_tokens_total", Map.of("model", SONNET, "kind", "input")));
    assertEquals(15, metrics.sum("proxy_tokens_total", Map.of("model", SONNET, "kind", "output")));
    assertEquals(5, metrics.sum("proxy_tokens_total", Map.of("model", SONNET, "kind", "cached")));
    assertEquals(1, metrics.sum("proxy_time_to_first_token_seconds_count", sonnet));
  }

  @Test
  void unknownModelsShareOneLabelAndAnEntryIsCountedOnce() {
    AccessLog.Entry entry = streamedChat("anything-a-client-types");
    entry.done(200);
    entry.done(200);
    assertEquals(1, captured.list.size());
    PrometheusText metrics = PrometheusText.parse(registry.scrape());
    assertEquals(1, metrics.sum("proxy_requests_total", Map.of("model", "other")));
  }

  @Test
  void aClientThatLeftIsACancellation() {
    AccessLog.Entry entry = accessLog.start("req_test2", "POST", "/v1/chat/completions").client("key-1");
    entry.error(AccessLog.CLIENT_CLOSED);
    entry.done(499);
    assertEquals(1, PrometheusText.parse(registry.scrape()).sum("proxy_client_cancellations_total"));
  }
}
