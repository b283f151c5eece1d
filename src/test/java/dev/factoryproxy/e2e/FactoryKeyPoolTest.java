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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two Factory keys on one node (two upstream instances sharing the pool); a fresh node per test. */
class FactoryKeyPoolTest {
  private static final String KEY_A = "fk-a-test-key-0001";
  private static final String KEY_B = "fk-b-test-key-0002";

  private Vertx vertx;
  private FakeFactory fake;
  private ProxyClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKeys(KEY_A, KEY_B);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray().add(KEY_A).add(KEY_B));
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Reply refusal(int status) {
    return Reply.error(status, new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", status == 429 ? "rate_limit_error" : "authentication_error")
        .put("message", "refused by the fake")));
  }

  private JsonObject keysInHealth() {
    Answer health = client.get("/health");
    assertEquals(200, health.status());
    return health.json().getJsonObject("checks").getJsonObject("upstream").getJsonObject("data").getJsonObject("keys");
  }

  @Test
  void requestsTakeTurnsAcrossTheKeys() {
    for (int i = 0; i < 4; i++) {
      assertEquals(200, client.chat(false).status());
    }
    assertEquals(List.of(KEY_A, KEY_B, KEY_A, KEY_B), fake.keysUsed());
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 402, 403})
  void k4_aRefusedKeyIsSetAsideAndTheRequestMovesToTheOther(int status) {
    fake.enqueueFor(KEY_A, refusal(status));
    assertEquals(200, client.chat(false).status());
    assertEquals(200, client.chat(false).status());
    assertEquals(200, client.chat(false).status());
    assertEquals(List.of(KEY_A, KEY_B, KEY_B, KEY_B), fake.keysUsed());

    JsonObject keys = keysInHealth();
    assertEquals(1, keys.getInteger("set_aside"));
    JsonObject aside = keys.getJsonArray("keys").getJsonObject(0);
    long recheckInMs = aside.getLong("recheckInMs"); // the default 10-minute recheck, already running
    assertTrue(recheckInMs > 0 && recheckInMs <= 600_000, aside.encode());
    assertEquals(new JsonObject().put("key", "fk-a-t…").put("state", "set_aside").put("status", status)
      .put("recheckInMs", recheckInMs), aside);
    assertFalse(keys.encode().contains("test-key"), "never a whole key");
    PrometheusText metrics = client.metrics();
    assertEquals(1, metrics.sum("proxy_upstream_keys", Map.of("state", "set_aside")));
    assertEquals(1, metrics.sum("proxy_upstream_keys", Map.of("state", "usable")));
    assertEquals(1, metrics.sum("proxy_upstream_retries_total", Map.of("reason", Integer.toString(status))));
  }

  @Test
  void aRateLimitedKeyCoolsDownAndTheRequestMovesOn() {
    fake.enqueueFor(KEY_A, Reply.error(429, new JsonObject().put("type", "error").put("error",
      new JsonObject().put("type", "rate_limit_error").put("message", "slow down")), Map.of("retry-after", "30")));
    assertEquals(200, client.chat(false).status());
    assertEquals(200, client.chat(false).status());
    assertEquals(List.of(KEY_A, KEY_B, KEY_B), fake.keysUsed());
    JsonObject keys = keysInHealth();
    assertEquals(1, keys.getInteger("cooling_down"));
    assertEquals("cooling_down", keys.getJsonArray("keys").getJsonObject(0).getString("state"));
    assertEquals(1, client.metrics().sum("proxy_upstream_keys", Map.of("state", "cooling_down")));
  }

  @Test
  void k1_whenEveryKeyIsRefusedTheClientGetsFactorysAnswerAndLaterRequestsStillAskFactory() {
    fake.setDefault(refusal(401));
    Answer first = client.chat(false);
    assertEquals(401, first.status());
    assertEquals("refused by the fake", first.error().getString("message"));
    assertEquals(2, fake.callCount(), "each key tried once");

    Answer next = client.chat(true);
    assertEquals(401, next.status());
    assertEquals(4, fake.callCount(), "the pool never refuses on its own: both set-aside keys are asked again");
    assertEquals(2, keysInHealth().getInteger("set_aside"));
  }

  @Test
  void whenEveryKeyIsRateLimitedTheClientGetsThe429() {
    fake.setDefault(refusal(429)); // no retry-after: the keys rest for upstream.keyCooldownMs, longer than a retry may wait
    Answer answer = client.chat(false);
    assertEquals(429, answer.status());
    assertEquals("rate_limit_exceeded", answer.error().getString("code"));
    assertEquals(List.of(KEY_A, KEY_B), fake.keysUsed());

    Answer next = client.chat(false);
    assertEquals(503, next.status());
    assertEquals("no_upstream_key", next.error().getString("code"));
    int retryAfter = Integer.parseInt(next.headers().get("retry-after"));
    assertTrue(retryAfter > 0 && retryAfter <= 60, "when the first cooldown ends: " + retryAfter);
  }
}
