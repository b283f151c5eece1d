package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.PrometheusText;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-node admission limits, seen by two clients (key-1 and key-2); a fresh node per test. */
class ClientLimitsTest {
  private static final String FIRST = ProxyUnderTest.CLIENT_KEY;
  private static final String SECOND = "sk-proxy-test-second-client";

  private Vertx vertx;
  private FakeFactory fake;
  private int port;

  private ProxyClient start(JsonObject limits) {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port).put("limits", limits);
    config.getJsonObject("auth").put("proxyApiKeys", new JsonArray().add(FIRST).add(SECOND));
    ProxyUnderTest.start(vertx, config).await();
    return new ProxyClient(vertx, port);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void streamsAreLimitedPerClientAndPerNodeAndFreedWhenTheyEnd() {
    ProxyClient client = start(new JsonObject().put("maxConcurrentStreams", 3).put("maxConcurrentStreamsPerClient", 2));
    fake.setDefault(Reply.hang());
    ProxyClient holder = new ProxyClient(vertx, port);
    holder.startStream(FIRST);
    holder.startStream(FIRST);
    ProxyClient.await(fake.awaitRequests(2));

    Answer perClient = client.chat(FIRST, true);
    assertEquals(429, perClient.status());
    assertEquals("too_many_streams", perClient.error().getString("code"));

    holder.startStream(SECOND);
    ProxyClient.await(fake.awaitRequests(3));
    Answer perNode = client.chat(SECOND, true);
    assertEquals(503, perNode.status());
    assertEquals("proxy_at_capacity", perNode.error().getString("code"));

    PrometheusText held = client.metrics();
    assertEquals(3, held.sum("proxy_active_streams"));
    assertEquals(1, held.sum("proxy_limit_rejections_total", Map.of("limit", "too_many_streams")));
    assertEquals(1, held.sum("proxy_limit_rejections_total", Map.of("limit", "proxy_at_capacity")));

    holder.closeAll(); // the held clients leave: their slots are freed and Factory is hung up on
    ProxyClient.await(fake.awaitCancelled(3));
    fake.setDefault(Reply.text("ok"));
    assertEquals(200, client.chat(FIRST, true).status());
    assertEquals(0, client.metrics().sum("proxy_active_streams"));
    assertEquals(4, fake.callCount(), "the three held and the last: refused requests never reached Factory");
  }

  @Test
  void requestsPerMinuteAreLimitedPerClientWithRetryAfter() {
    ProxyClient client = start(new JsonObject().put("requestsPerMinute", 2));
    assertEquals(200, client.chat(FIRST, false).status());
    assertEquals(200, client.chat(FIRST, true).status());

    Answer limited = client.chat(FIRST, false);
    assertEquals(429, limited.status());
    assertEquals("requests_per_minute_exceeded", limited.error().getString("code"));
    int retryAfter = Integer.parseInt(limited.headers().get("retry-after"));
    assertTrue(retryAfter >= 1 && retryAfter <= 30, "about one request comes back every 30 s: " + retryAfter);
    assertTrue(Long.parseLong(limited.headers().get("retry-after-ms")) > 0);

    assertEquals(200, client.chat(SECOND, false).status(), "another client has its own budget");
    assertEquals(3, fake.callCount());
    assertEquals(1, client.metrics().sum("proxy_limit_rejections_total", Map.of("limit", "requests_per_minute_exceeded")));
  }
}
