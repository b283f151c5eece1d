package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.HeadlessChromium;
import dev.factoryproxy.testing.PrometheusText;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in a real browser (docs/status-page.md SP9, SP10): headless Chromium, driven by
 * {@code src/test/clients/status-page-check.mjs}, logs in with the admin key and reads what the page shows; this
 * test holds it against {@code /metrics} and {@code /health} at the same moment. The proxy has four Factory keys,
 * one of which the strict fake refuses (set aside), polls their quota at the fake's limits endpoint (programmed
 * windows, the refused key's poll a 401, one key on the older scheme), has answered four chat completions (one a
 * 401) and holds one stream open while the browser looks. {@code STATUS_PAGE_SCREENSHOT=docs/status-page.png} also
 * writes the README's screenshot from that live page.
 */
class StatusPageIT {
  private static final String ADMIN_KEY = "fa-test-admin-key-0123456789";
  private static final String REFUSED_KEY = "fk-rf-test-refused-key";
  private static final String SECOND_KEY = "fk-qc-test-second-key";
  private static final String LEGACY_KEY = "fk-lg-test-legacy-key";
  private static final String QUOTA = "proxy_upstream_quota_used_percent";
  private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.US)
    .withZone(ZoneOffset.UTC); // the page's time() in the browser's en-US locale and UTC zone
  private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
  private static Vertx vertx;
  private static JsonObject seen;
  private static PrometheusText metrics;
  private static JsonObject health;

  @BeforeAll
  static void lookAtThePage() {
    HeadlessChromium.require();
    vertx = Vertx.vertx();
    FakeFactory fake = FakeFactory.start(vertx).await().expectKeys(ProxyUnderTest.FACTORY_KEY, SECOND_KEY,
      LEGACY_KEY);
    // SP9 live: the fake's limits endpoint answers these windows (others at 0 %); the refused key's poll gets a 401
    fake.limits().window(ProxyUnderTest.FACTORY_KEY, "standard", "fiveHour", 37.5, HOUR.plus(3, ChronoUnit.HOURS)
        .toString())
      .window(ProxyUnderTest.FACTORY_KEY, "core", "weekly", 100.0, HOUR.plus(4, ChronoUnit.DAYS).toString())
      .window(SECOND_KEY, "standard", "fiveHour", 92.5, HOUR.plus(2, ChronoUnit.HOURS).toString())
      .window(SECOND_KEY, "standard", "weekly", 64.0, HOUR.plus(3, ChronoUnit.DAYS).toString())
      .window(SECOND_KEY, "core", "monthly", 12.5, HOUR.plus(20, ChronoUnit.DAYS).toString())
      .legacy(LEGACY_KEY, 0.425, 0.1);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray().add(ProxyUnderTest.FACTORY_KEY)
      .add(REFUSED_KEY).add(SECOND_KEY).add(LEGACY_KEY))
      .put("quotaPollMs", 600_000); // polled once at start (at the fake: apiBase is its origin), not again
    config.getJsonObject("auth").put("adminApiKey", ADMIN_KEY);
    String url = ProxyUnderTest.start(vertx, config).await();
    ProxyClient client = new ProxyClient(vertx, port);
    awaitQuotaOfEveryKey(client);
    for (int i = 0; i < 3; i++) { // round-robin: the second meets the refused key, which is set aside
      assertEquals(200, client.chat(i % 2 == 0).status());
    }
    assertEquals(401, client.chat("sk-wrong-client-key", false).status());
    fake.enqueue(Reply.hang());
    int before = fake.callCount();
    ProxyClient held = new ProxyClient(vertx, port);
    held.startStream(ProxyUnderTest.CLIENT_KEY);
    ProxyClient.await(fake.awaitRequests(before + 1)); // the held stream is at the fake: one open stream

    Map<String, String> env = new HashMap<>(Map.of("STATUS_BASE_URL", url, "STATUS_ADMIN_KEY", ADMIN_KEY));
    String screenshot = System.getenv("STATUS_PAGE_SCREENSHOT");
    if (screenshot != null && !screenshot.isBlank()) {
      env.put("STATUS_SCREENSHOT", Path.of(screenshot).toAbsolutePath().toString());
    }
    seen = HeadlessChromium.run("status-page-check.mjs", env);
    metrics = client.metrics();
    health = new JsonObject(client.get("/health").body());
    held.closeAll();
  }

  /** The start poll does not delay start-up (QU1): wait, bounded, until /health shows every key's quota. */
  private static void awaitQuotaOfEveryKey(ProxyClient client) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      JsonArray keys = keysIn(new JsonObject(client.get("/health").body()));
      if (keys.size() == 4 && keys.stream().map(JsonObject.class::cast).allMatch(k -> k.containsKey("quota"))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no quota in /health for every key within 20 s: " + keys.encode());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static JsonArray keysIn(JsonObject health) {
    return health.getJsonObject("checks").getJsonObject("upstream").getJsonObject("data").getJsonObject("keys")
      .getJsonArray("keys");
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void sp10_theBrowserShowsWhatMetricsAndHealthSay() {
    JsonObject shown = seen.getJsonObject("shown");
    assertEquals(401, seen.getInteger("loginStatus"));
    assertEquals("Enter the admin key (ADMIN_API_KEY) to open the status page.", seen.getString("loginMessage"));
    // only chat completions were made, so the ring's API calls and proxy_requests_total count the same requests
    assertEquals(4, shown.getInteger("requests"));
    assertEquals((long) metrics.sum("proxy_requests_total"), shown.getLong("requests"));
    long errors = metrics.samples().stream().filter(s -> s.name().equals("proxy_requests_total")
      && Integer.parseInt(s.labels().get("status")) >= 400).mapToLong(s -> (long) s.value()).sum();
    assertEquals(1, errors);
    assertEquals(errors, shown.getLong("errors"));
    assertEquals("4 · 1 error", shown.getString("chatCompletions"));
    assertEquals(1, shown.getInteger("openStreams"));
    assertEquals((long) metrics.sum("proxy_active_streams"), shown.getLong("openStreams"));
    assertEquals("healthy", shown.getString("health"));
    assertEquals(health.getString("status"), shown.getString("health"));

    JsonArray keys = keysIn(health);
    List<List<String>> expected = keys.stream().map(JsonObject.class::cast)
      .map(k -> List.of(k.getString("key"), "api key", k.getString("state").replace('_', ' '))).toList();
    List<List<String>> credentials = shown.getJsonArray("credentials").stream().map(JsonObject.class::cast)
      .map(c -> List.of(c.getString("id"), c.getString("kind"), c.getString("state"))).toList();
    assertEquals(expected, credentials);
    assertEquals(List.of("usable", "usable", "usable", "set aside"), credentials.stream().map(c -> c.get(2))
      .sorted(java.util.Comparator.reverseOrder()).toList());
    assertEquals((long) metrics.sum("proxy_upstream_keys", Map.of("state", "usable")) + " / " + keys.size(),
      shown.getString("usable"));
    assertEquals("3 / 4", shown.getString("usable"));

    assertEquals(1, shown.getJsonArray("nodes").size());
    assertEquals("http, translator, upstream", shown.getJsonArray("nodes").getJsonArray(0).getString(2));
    assertEquals(health.getJsonObject("routes").size(), shown.getJsonArray("routes").size());
    assertTrue(shown.getInteger("chartBars") >= 1, "the chart draws the requests");
    assertTrue(shown.getInteger("models") > 0);
  }

  @Test
  void sp10_theBrowserLoadedNothingFromElsewhereAndCannotReadTheSession() {
    assertEquals(new JsonArray(), seen.getJsonArray("foreignRequests"), seen.getJsonArray("requested").encode());
    assertEquals(new JsonArray(), seen.getJsonArray("consoleErrors"), "no CSP violation, no script error");
    assertEquals(new JsonObject().put("httpOnly", true).put("sameSite", "Strict").put("path", "/status")
      .put("isKey", false), seen.getJsonObject("cookie"));
    assertEquals("", seen.getJsonObject("shown").getString("documentCookie"));
    assertFalse(seen.encode().contains(ProxyUnderTest.FACTORY_KEY));
  }

  @Test
  void sp9_theLiveQuotaBarsShowWhatHealthAndMetricsSayForEachKey() {
    Map<String, JsonObject> drawn = new HashMap<>();
    shown().forEach(c -> drawn.put(c.getString("id"), c.getJsonObject("quota")));
    Map<String, JsonObject> inHealth = new HashMap<>();
    keysIn(health).stream().map(JsonObject.class::cast).forEach(k -> inHealth.put(k.getString("key"),
      k.getJsonObject("quota")));
    assertEquals(inHealth.keySet(), drawn.keySet());
    int series = 0;
    for (Map.Entry<String, JsonObject> credential : inHealth.entrySet()) {
      String id = credential.getKey();
      JsonObject quota = credential.getValue();
      JsonArray expected = new JsonArray();
      for (String pool : List.of("standard", "core")) {
        for (Map.Entry<String, String> window : List.of(Map.entry("fiveHour", "5 h"), Map.entry("weekly", "week"),
            Map.entry("monthly", "month"))) {
          JsonObject w = quota.getJsonObject(pool).getJsonObject(window.getKey());
          if (w == null) {
            continue;
          }
          double used = w.getDouble("usedPercent");
          assertEquals(used, metrics.sum(QUOTA, Map.of("credential", id, "pool", pool, "window", window.getKey())),
            id + " " + pool + "." + window.getKey() + ": /metrics and /health agree");
          series++;
          boolean out = quota.getJsonArray("exhausted").contains(pool + "." + window.getKey());
          String reset = SHOWN_TIME.format(Instant.parse(w.getString("resetsAt")));
          expected.add(new JsonObject().put("window", pool + "." + window.getKey())
            .put("label", pool + " · " + window.getValue())
            .put("value", number(used) + " %" + (out ? " · exhausted until " : " · resets ") + reset)
            .put("width", number(used) + "%").put("exhausted", out).put("red", out || used >= 90));
        }
      }
      JsonObject legacy = quota.getJsonObject("legacy");
      if (legacy != null) {
        List.of("standard", "premium").forEach(pool -> expected.add(new JsonObject().put("window", "legacy." + pool)
          .put("label", pool + " · usage").put("value", number(legacy.getJsonObject(pool).getDouble("usedPercent"))
            + " %").put("width", number(legacy.getJsonObject(pool).getDouble("usedPercent")) + "%")
          .put("exhausted", false).put("red", legacy.getJsonObject(pool).getDouble("usedPercent") >= 90)));
      }
      assertEquals(expected, drawn.get(id).getJsonArray("rows"), id + ": " + quota.encode());
      assertEquals(quota.getString("error") == null ? null : "quota check failed: " + quota.getString("error")
        + " · " + SHOWN_TIME.format(Instant.parse(quota.getString("failedAt"))), drawn.get(id).getString("error"));
      assertEquals(quota.getString("checkedAt") == null ? null
        : "checked " + SHOWN_TIME.format(Instant.parse(quota.getString("checkedAt"))),
        drawn.get(id).getString("checked"));
      assertEquals(legacy == null ? null : "older billing scheme: windows unknown", drawn.get(id).getString("legacy"));
    }
    assertEquals(series, metrics.samples().stream().filter(s -> s.name().equals(QUOTA)).count(),
      "every series in /metrics is a bar on the page");
    assertEquals(12, series, "two keys on the window scheme × 2 pools × 3 windows");

    // the keys as programmed: what the fake's limits endpoint answered reaches the page, exhausted in red
    JsonObject first = drawn.get("fk-tes…");
    assertEquals(List.of("37.5 % · resets " + SHOWN_TIME.format(HOUR.plus(3, ChronoUnit.HOURS)),
      "100 % · exhausted until " + SHOWN_TIME.format(HOUR.plus(4, ChronoUnit.DAYS))),
      List.of(row(first, "standard.fiveHour").getString("value"), row(first, "core.weekly").getString("value")));
    assertTrue(row(first, "core.weekly").getBoolean("exhausted"));
    assertEquals(List.of("core.weekly"), first.getJsonArray("rows").stream().map(JsonObject.class::cast)
      .filter(r -> r.getBoolean("exhausted")).map(r -> r.getString("window")).toList());
    assertEquals("92.5%", row(drawn.get("fk-qc-…"), "standard.fiveHour").getString("width"));
    assertEquals("quota check failed: Factory answered 401 to /api/billing/limits · "
      + SHOWN_TIME.format(Instant.parse(inHealth.get("fk-rf-…").getString("failedAt"))),
      drawn.get("fk-rf-…").getString("error"));
    assertEquals(new JsonArray(), drawn.get("fk-rf-…").getJsonArray("rows"));
    assertEquals(List.of("42.5 %", "10 %"), drawn.get("fk-lg-…").getJsonArray("rows").stream()
      .map(JsonObject.class::cast).map(r -> r.getString("value")).toList());
    assertEquals("quota unknown", seen.getJsonObject("quota").getString("absent"));
  }

  private static List<JsonObject> shown() {
    return seen.getJsonObject("shown").getJsonArray("credentials").stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject row(JsonObject quota, String window) {
    return quota.getJsonArray("rows").stream().map(JsonObject.class::cast)
      .filter(r -> window.equals(r.getString("window"))).findFirst().orElseThrow(() -> new AssertionError(
        window + " not drawn: " + quota.encode()));
  }

  /** A number as the page's script writes it (JavaScript's shortest form: 37.5, 100, 0). */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
