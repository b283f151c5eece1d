package dev.factoryproxy.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeLimits;
import dev.factoryproxy.testing.FakeWorkOs;
import dev.factoryproxy.testing.PrometheusText;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quota-aware choice of credential (issue 15, docs/quota.md QU1–QU9), end to end: a pool of two keys, Claude on the
 * fake Factory's Messages route, GLM on the fake Chat route, which plays {@code upstream.apiBase} and so serves the
 * fake Factory's limits endpoint ({@link FakeLimits}). Every test checks that no key reached the log, /health or
 * /metrics.
 */
class QuotaTest {
  private static final String A = "fk-qa-test-key-0001";
  private static final String B = "fk-qb-test-key-0002";
  private static final String SHOWN_A = "fk-qa-…";
  private static final String SHOWN_B = "fk-qb-…";
  private static final String CORE_402 = "You've reached your 5-hour core usage limit (resets in 10min).";
  /** Bounded waits for what the proxy does in the background (polls, a window's end). */
  private static final long WAIT_MS = 8_000;

  private Vertx vertx;
  private FakeFactory factory;
  private FakeCoreChatRoute core;
  private FakeLimits limits;
  private ProxyClient client;
  private int port;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger proxyLogger = (Logger) LoggerFactory.getLogger("dev.factoryproxy");
  private Level savedLevel;
  /** Tokens of a Droid login, when a test has one: never to be shown either. */
  private final List<String> tokens = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    factory = FakeFactory.start(vertx).await().expectKeys(A, B);
    core = FakeCoreChatRoute.start(vertx).await();
    core.expectKeys(A, B);
    limits = factory.limits();
    core.serveLimits(limits);
    savedLevel = proxyLogger.getLevel();
    proxyLogger.setLevel(Level.DEBUG);
    logs.start();
    proxyLogger.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    assertNoKeyShown();
    proxyLogger.detachAppender(logs);
    proxyLogger.setLevel(savedLevel);
    vertx.close().await();
  }

  private void start(Consumer<JsonObject> upstream) {
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    String coreUrl = core.url();
    JsonObject section = config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray().add(A).add(B))
      .put("apiBase", coreUrl.substring(0, coreUrl.length() - FakeCoreChatRoute.PATH.length()))
      .put("quotaPollMs", 300_000);
    upstream.accept(section);
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  private Answer glm() {
    JsonObject body = new JsonObject().put("model", "glm-5").put("stream", false)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
    return client.send(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
      .putHeader("content-type", "application/json"), body.encode());
  }

  private List<String> coreKeys() {
    return core.keysUsed();
  }

  private JsonArray keysInHealth() {
    return client.get("/health").json().getJsonObject("checks").getJsonObject("upstream").getJsonObject("data")
      .getJsonObject("keys").getJsonArray("keys");
  }

  /** The key's health entry once it satisfies {@code settled}, within {@link #WAIT_MS}. */
  private JsonObject entry(String shown, Predicate<JsonObject> settled) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    JsonObject entry;
    do {
      entry = keysInHealth().stream().map(JsonObject.class::cast)
        .filter(e -> shown == null ? e.containsKey("id") : shown.equals(e.getString("key"))).findFirst().orElseThrow();
      if (settled.test(entry)) {
        return entry;
      }
      sleep(50);
    } while (System.nanoTime() < deadline);
    return entry;
  }

  private JsonObject quotaOnceKnown(String shown) {
    return entry(shown, e -> e.containsKey("quota")).getJsonObject("quota");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** QU9: neither key appears in the captured log, /health or /metrics. */
  private void assertNoKeyShown() {
    if (client == null) {
      return;
    }
    List<String> shown = new ArrayList<>();
    logs.list.forEach(event -> {
      shown.add(event.getFormattedMessage());
      if (event.getKeyValuePairs() != null) {
        event.getKeyValuePairs().forEach(pair -> shown.add(String.valueOf(pair.value)));
      }
    });
    shown.add(client.get("/health").body());
    shown.add(client.get("/metrics").body());
    for (String text : shown) {
      assertFalse(text.contains(A) || text.contains(B) || text.contains("fk-qa-test") || text.contains("fk-qb-test"),
        "a key was shown: " + text);
      tokens.forEach(token -> assertFalse(text.contains(token), "a token was shown: " + text));
    }
  }

  @Test
  void qu1_qu4_anExhaustedCoreWindowSendsGlmToTheOtherKeyWhileClaudeStillUsesBoth() {
    String end = Instant.now().plusSeconds(3_600).toString();
    limits.window(A, "core", "fiveHour", 100.0, end);
    start(upstream -> { });
    JsonObject quota = quotaOnceKnown(SHOWN_A);
    assertEquals(new JsonArray().add("core.fiveHour"), quota.getJsonArray("exhausted"), quota.encode());
    assertEquals(new JsonArray(), quotaOnceKnown(SHOWN_B).getJsonArray("exhausted"));
    assertEquals(List.of(new FakeLimits.Call(A, FakeLimits.PATH, 200)), limits.calls().stream()
      .filter(call -> A.equals(call.bearer())).toList(), "QU1: one poll at start, with the key as its Bearer");
    assertEquals(1, limits.callsWith(B));

    for (int i = 0; i < 4; i++) {
      assertEquals(200, glm().status());
    }
    assertEquals(List.of(B, B, B, B), coreKeys(), "QU4: GLM draws on the core pool: only B has some left");
    for (int i = 0; i < 4; i++) {
      assertEquals(200, client.chat(i % 2 == 0).status());
    }
    assertEquals(List.of(A, B, A, B), factory.keysUsed(), "Claude draws on the standard pool: both take turns");
  }

  @Test
  void qu3_qu4_aKeyIsUsedForCoreAgainOnceItsExhaustedWindowHasEnded() {
    start(upstream -> upstream.put("quotaPollMs", 200));
    quotaOnceKnown(SHOWN_A);
    long end = System.currentTimeMillis() + 4_000; // a short window, set once the proxy runs (load-proof)
    limits.window(A, "core", "weekly", 100.0, end); // epoch ms
    assertEquals(new JsonArray().add("core.weekly"), entry(SHOWN_A, e -> !e.getJsonObject("quota")
      .getJsonArray("exhausted").isEmpty()).getJsonObject("quota").getJsonArray("exhausted"));
    assertEquals(200, glm().status());
    assertEquals(List.of(B), coreKeys());

    JsonObject after = entry(SHOWN_A, e -> e.getJsonObject("quota").getJsonArray("exhausted").isEmpty())
      .getJsonObject("quota");
    assertTrue(System.currentTimeMillis() >= end, "not before the window's end");
    assertEquals(new JsonArray(), after.getJsonArray("exhausted"), "QU3: the window has ended: " + after.encode());
    assertEquals(0.0, after.getJsonObject("core").getJsonObject("weekly").getDouble("usedPercent"),
      "Factory still says 100 %, but for a window that is over");
    assertEquals(200, glm().status());
    assertEquals(200, glm().status());
    assertEquals(List.of(B, A, B), coreKeys(), "A takes its turn again");
  }

  @Test
  void qu1_qu5_whenEveryKeyIsOutOfCoreQuotaFactorys402ReachesTheClientAndThePollComesEarly() throws Exception {
    limits.window(A, "core", "fiveHour", 100.0, Instant.now().plusSeconds(1_800).getEpochSecond()); // epoch s
    limits.window(B, "core", "fiveHour", 100.0, Instant.now().plusSeconds(600).toString());
    start(upstream -> { });
    quotaOnceKnown(SHOWN_A);
    quotaOnceKnown(SHOWN_B);
    core.setDefault(Reply.error(402, new JsonObject().put("detail", CORE_402).put("status", 402)
      .put("title", "Payment Required").put("displayToUser", true)));

    Answer answer = glm();
    assertEquals(402, answer.status(), answer.body());
    assertEquals(CORE_402, answer.error().getString("message"));
    assertEquals(List.of(B, A), coreKeys(), "QU5: the key whose reset comes first, then the other (K4)");
    limits.awaitCalls(B, 2).await(WAIT_MS, TimeUnit.MILLISECONDS);
    limits.awaitCalls(A, 2).await(WAIT_MS, TimeUnit.MILLISECONDS);
    assertEquals(2, limits.callsWith(B), "QU1: one early poll after the 402, not a loop");

    for (Object entry : keysInHealth()) {
      JsonObject key = (JsonObject) entry;
      assertEquals("set_aside", key.getString("state"), "K3 kept: aside until the 402's reset: " + key.encode());
      assertEquals(402, key.getInteger("status"));
      assertTrue(key.getLong("recheckInMs") > 500_000, key.encode());
    }
    assertEquals(200, client.chat(false).status(), "K1: a Claude request still reaches Factory, and is served");
  }

  @Test
  void qu6_aFailedPollKeepsTheLastValuesAndSaysWhyInPlainWords() {
    limits.window(A, "standard", "weekly", 42.0, "2099-01-05T00:00:00Z");
    start(upstream -> upstream.put("quotaPollMs", 200));
    JsonObject first = quotaOnceKnown(SHOWN_A);
    assertEquals(new JsonObject().put("usedPercent", 42.0).put("resetsAt", "2099-01-05T00:00:00Z"),
      first.getJsonObject("standard").getJsonObject("weekly"));

    limits.failWith(A, 500);
    JsonObject failed = entry(SHOWN_A, e -> e.getJsonObject("quota").containsKey("error")).getJsonObject("quota");
    assertEquals("Factory answered 500 to /api/billing/limits", failed.getString("error"));
    assertEquals(first.getJsonObject("standard"), failed.getJsonObject("standard"), "the last values are kept");
    assertTrue(failed.getString("checkedAt").compareTo(failed.getString("failedAt")) <= 0, failed.encode());

    limits.answerNotJson(A);
    JsonObject garbled = entry(SHOWN_A, e -> e.getJsonObject("quota").getString("error", "")
      .contains("not a JSON object")).getJsonObject("quota");
    assertEquals("the answer to /api/billing/limits is not a JSON object", garbled.getString("error"));
    assertEquals(first.getJsonObject("standard"), garbled.getJsonObject("standard"));
    assertFalse(quotaOnceKnown(SHOWN_B).containsKey("error"), "the other key's polls are fine");
    assertTrue(logs.list.stream().anyMatch(event -> event.getFormattedMessage().equals("quota poll for " + SHOWN_A
      + " failed: Factory answered 500 to /api/billing/limits; keeping its last known quota")));
    assertEquals(200, client.chat(false).status(), "requests go on meanwhile");

    limits.recover(A);
    JsonObject back = entry(SHOWN_A, e -> !e.getJsonObject("quota").containsKey("error")).getJsonObject("quota");
    assertFalse(back.containsKey("error"), "a successful poll clears the error: " + back.encode());
  }

  @Test
  void qu1_startUpNeitherWaitsForNorFailsOnAPollThatHangs() {
    limits.hang(A).failWith(B, 503);
    start(upstream -> { });
    assertEquals(200, client.chat(false).status());
    assertEquals(200, client.chat(false).status());
    assertEquals(List.of(A, B), factory.keysUsed(), "nothing known of either key: both are used as before");
    assertEquals("Factory answered 503 to /api/billing/limits",
      quotaOnceKnown(SHOWN_B).getString("error"));
    assertEquals(1, limits.callsWith(A), "the hung poll was sent");
  }

  @Test
  void qu1_neverPolledInPassthroughModeNorWhenTurnedOff() {
    start(upstream -> upstream.put("quotaPollMs", 0));
    assertEquals(200, client.chat(false).status());
    assertFalse(keysInHealth().getJsonObject(0).containsKey("quota"));
    client = null;
    vertx.close().await();

    vertx = Vertx.vertx();
    factory = FakeFactory.start(vertx).await().expectKeys(A);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray()).put("quotaPollMs", 1_000);
    config.getJsonObject("auth").put("proxyApiKeys", new JsonArray());
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
    assertEquals(200, client.chat(A, false).status(), "passthrough: the client's own key");
    assertEquals(0, factory.limits().calls().size(), "a client's own key is never used to ask for its quota");
    assertEquals(0, limits.calls().size());
    JsonObject sandboxed = dev.factoryproxy.sandbox.Sandbox.start(vertx).await().configure(config);
    assertEquals(0, sandboxed.getJsonObject("upstream").getInteger("quotaPollMs"), "the sandbox is never polled");
  }

  @Test
  void qu1_qu9_aDroidLoginIsPolledWithItsCurrentAccessTokenAndShownByItsId() {
    String refresh = "rt-test-quota-0000";
    String access = FakeWorkOs.jwt("user_quota", System.currentTimeMillis() + 3_600_000);
    tokens.addAll(List.of(refresh, access));
    FakeWorkOs workOs = FakeWorkOs.start(vertx, refresh).await().issueAlways(access);
    factory.expectKeys(A, access);
    limits.window(access, "core", "weekly", 100.0, "2099-01-01T00:00:00Z");
    start(upstream -> upstream.put("factoryApiKeys", new JsonArray().add(A)).put("refreshToken", refresh)
      .put("workosUrl", workOs.url()));
    JsonObject login = keysInHealth().getJsonObject(1);
    String id = login.getString("id");
    assertTrue(id.matches("key-[0-9a-f]{8}"), login.encode());
    JsonObject quota = entry(null, e -> id.equals(e.getString("id")) && e.containsKey("quota"))
      .getJsonObject("quota");
    assertEquals(new JsonArray().add("core.weekly"), quota.getJsonArray("exhausted"), quota.encode());
    assertEquals(List.of(new FakeLimits.Call(access, FakeLimits.PATH, 200)), limits.calls().stream()
      .filter(call -> access.equals(call.bearer())).toList(), "the login's access token is its Bearer");
    assertEquals(100.0, client.metrics().sum("proxy_upstream_quota_used_percent",
      Map.of("credential", id, "pool", "core", "window", "weekly")));
  }

  @Test
  void qu9_aFailingPollShowsNoKeyInItsLogLineHealthOrMetrics() {
    limits.failWith(A, 401).answerNotJson(B);
    start(upstream -> { });
    assertEquals("Factory answered 401 to /api/billing/limits", quotaOnceKnown(SHOWN_A).getString("error"));
    assertEquals("the answer to /api/billing/limits is not a JSON object", quotaOnceKnown(SHOWN_B).getString("error"));
    assertEquals(2, logs.list.stream().filter(event -> event.getFormattedMessage().startsWith("quota poll for "))
      .count(), "one line per failed poll, naming the key as health does");
    assertNoKeyShown();
  }

  @Test
  void qu2_qu7_anAccountOnTheOlderSchemeShowsItsUsageAndNoWindows() {
    limits.legacy(B, 0.5, 1.0);
    start(upstream -> { });
    JsonObject quota = quotaOnceKnown(SHOWN_B);
    assertEquals("legacy", quota.getString("scheme"), quota.encode());
    assertEquals("unknown", quota.getString("windows"));
    assertEquals(new JsonObject().put("standard", new JsonObject().put("usedPercent", 50.0))
      .put("premium", new JsonObject().put("usedPercent", 100.0)), quota.getJsonObject("legacy"));
    assertEquals(new JsonObject(), quota.getJsonObject("standard"));
    assertEquals(List.of(FakeLimits.PATH, FakeLimits.LEGACY_PATH), limits.calls().stream()
      .filter(call -> B.equals(call.bearer())).map(FakeLimits.Call::path).toList());
  }

  @Test
  void qu7_qu8_healthAndMetricsShowEachKeysWindowsUnderItsShownId() {
    limits.window(A, "standard", "fiveHour", 37.5, "2099-12-02T09:00:00Z");
    limits.window(A, "core", "monthly", 100.0, "2099-12-31T00:00:00Z");
    start(upstream -> { });
    JsonObject quota = quotaOnceKnown(SHOWN_A);
    assertEquals(new JsonObject().put("usedPercent", 37.5).put("resetsAt", "2099-12-02T09:00:00Z"),
      quota.getJsonObject("standard").getJsonObject("fiveHour"));
    assertEquals(List.of("fiveHour", "weekly", "monthly"), List.copyOf(quota.getJsonObject("core").fieldNames()));
    assertEquals(new JsonArray().add("core.monthly"), quota.getJsonArray("exhausted"));
    assertTrue(Instant.parse(quota.getString("checkedAt")).isAfter(Instant.now().minusSeconds(60)));
    quotaOnceKnown(SHOWN_B);

    PrometheusText metrics = client.metrics();
    String name = "proxy_upstream_quota_used_percent";
    assertEquals("gauge", metrics.type(name));
    assertEquals(37.5, metrics.sum(name, Map.of("credential", SHOWN_A, "pool", "standard", "window", "fiveHour")));
    assertEquals(100.0, metrics.sum(name, Map.of("credential", SHOWN_A, "pool", "core", "window", "monthly")));
    assertEquals(0.0, metrics.sum(name, Map.of("credential", SHOWN_B, "pool", "core", "window", "monthly")));
    assertEquals(12, metrics.samples().stream().filter(s -> s.name().equals(name)).count(),
      "2 keys × 2 pools × 3 windows");
  }
}
