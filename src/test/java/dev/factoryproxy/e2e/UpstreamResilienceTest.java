package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.PrometheusText;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults between the proxy and Factory, one per test: what the client sees, that nothing outlives its timeout
 * (small timeouts here, every wait bounded), that the node stays healthy, and what /metrics counted.
 */
class UpstreamResilienceTest {
  private PrometheusText before;

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config -> {
    config.getJsonObject("http").put("requestTimeoutMs", 15_000).put("streamIdleTimeoutMs", 5_000);
    config.getJsonObject("upstream").put("heartbeatMs", 1_000);
    config.getJsonObject("upstream").put("firstByteTimeoutMs", 1_000).put("idleTimeoutMs", 500);
  });

  @BeforeEach
  void reset() {
    PROXY.fake().reset();
    before = PROXY.client().metrics();
  }

  /** Whatever the fault, the node is still healthy afterwards. */
  @AfterEach
  void nodeStaysHealthy() {
    assertEquals(200, PROXY.client().get("/health").status());
  }

  private double retriesSince(String reason) {
    Map<String, String> labels = Map.of("reason", reason);
    return PROXY.client().metrics().sum("proxy_upstream_retries_total", labels) - before.sum("proxy_upstream_retries_total", labels);
  }

  private double requestsSince(String status) {
    Map<String, String> labels = Map.of("status", status);
    return PROXY.client().metrics().sum("proxy_requests_total", labels) - before.sum("proxy_requests_total", labels);
  }

  private static JsonObject anthropicError(String type, String message) {
    return new JsonObject().put("type", "error").put("error", new JsonObject().put("type", type).put("message", message));
  }

  @Test
  void overloadedThenSuccessIsRetried() {
    PROXY.fake().enqueue(Reply.error(529, anthropicError("overloaded_error", "Overloaded")));
    Answer answer = PROXY.client().chat(false);
    assertEquals(200, answer.status());
    assertEquals(2, PROXY.fake().callCount());
    assertEquals(1, retriesSince("529"));
    assertEquals(1, requestsSince("200"));
  }

  @Test
  void rateLimitWithRetryAfterIsHonoured() {
    PROXY.fake().enqueue(Reply.error(429, anthropicError("rate_limit_error", "Slow down"), Map.of("retry-after", "1")));
    Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertTrue(answer.body().endsWith("data: [DONE]\n\n"), answer.body());
    assertEquals(2, PROXY.fake().callCount(), "the second call happened after the cooldown Factory asked for");
    assertEquals(1, retriesSince("429"));
  }

  @Test
  void anOverloadedStreamOpeningIsRetriedToo() {
    PROXY.fake().enqueue(Reply.events("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
    Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertTrue(answer.body().endsWith("data: [DONE]\n\n"), answer.body());
    assertEquals(2, PROXY.fake().callCount());
    assertEquals(1, retriesSince("529"));
  }

  @Test
  void aBadRequestIsNeverRetried() {
    PROXY.fake().enqueue(Reply.error(400, anthropicError("invalid_request_error", "messages: bad")));
    Answer answer = PROXY.client().chat(false);
    assertEquals(400, answer.status());
    assertEquals("messages: bad", answer.error().getString("message"));
    assertEquals(1, PROXY.fake().callCount());
    assertEquals(0, PROXY.client().metrics().sum("proxy_upstream_retries_total") - before.sum("proxy_upstream_retries_total"));
  }

  @Test
  void afterTheStreamStartedNothingIsRetried() {
    PROXY.fake().enqueue(Reply.closeAfter(Reply.streamOpening("Hel")));
    Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertEquals("stream_truncated", answer.lastFrame().getJsonObject("error").getString("code"));
    assertFalse(answer.body().contains("[DONE]"));
    assertEquals(1, PROXY.fake().callCount());
  }

  @Test
  void aConnectionDroppedBeforeAnyByteIsRetried() {
    PROXY.fake().enqueue(Reply.dropConnection());
    Answer answer = PROXY.client().chat(false);
    assertEquals(200, answer.status());
    assertEquals(2, PROXY.fake().callCount());
    assertEquals(1, retriesSince("connection"));
  }

  @Test
  void aConnectionDroppedEveryTimeEndsIn502AfterTheLastAttempt() {
    PROXY.fake().setDefault(Reply.dropConnection());
    Answer answer = PROXY.client().chat(false);
    assertEquals(502, answer.status());
    assertEquals("upstream_unreachable", answer.error().getString("code"));
    assertEquals(3, PROXY.fake().callCount(), "upstream.retry.maxAttempts");
    assertEquals(2, retriesSince("connection"));
    assertEquals(1, requestsSince("502"));
  }

  @Test
  void garbageInAStreamEndsItWithAnErrorFrame() {
    PROXY.fake().enqueue(Reply.corruptAfter(Reply.streamOpening("Hel"), "data: {not json\n\n"));
    Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertEquals("bad_upstream_response", answer.lastFrame().getJsonObject("error").getString("code"));
    assertFalse(answer.body().contains("[DONE]"));
    assertEquals(1, PROXY.fake().callCount());
  }

  @Test
  void aStreamThatStallsEndsAtTheIdleTimeoutAndFactoryIsHungUpOn() {
    PROXY.fake().enqueue(Reply.stallAfter(Reply.streamOpening("Hel")));
    Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertEquals("timeout", answer.lastFrame().getJsonObject("error").getString("code"));
    assertFalse(answer.body().contains("[DONE]"));
    ProxyClient.await(PROXY.fake().awaitCancelled(1));
  }

  @Test
  void aSlowDripWithinTheIdleTimeoutCompletes() {
    PROXY.fake().enqueue(Reply.drip("one two three four", 4, 150));
    Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertTrue(answer.body().endsWith("data: [DONE]\n\n"), answer.body());
    assertEquals(1, PROXY.fake().callCount());
  }
}
