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

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in a real browser (docs/status-page.md SP9, SP10): headless Chromium, driven by
 * {@code src/test/clients/status-page-check.mjs}, logs in with the admin key and reads what the page shows; this
 * test holds it against {@code /metrics} and {@code /health} at the same moment. The proxy has two Factory keys,
 * one of which the strict fake refuses (set aside), has answered four chat completions (one a 401) and holds one
 * stream open while the browser looks. {@code STATUS_PAGE_SCREENSHOT=docs/status-page.png} also writes the
 * README's screenshot.
 */
class StatusPageIT {
  private static final String ADMIN_KEY = "fa-test-admin-key-0123456789";
  private static final String REFUSED_KEY = "fk-test-refused-key";
  private static Vertx vertx;
  private static JsonObject seen;
  private static PrometheusText metrics;
  private static JsonObject health;

  @BeforeAll
  static void lookAtThePage() {
    HeadlessChromium.require();
    vertx = Vertx.vertx();
    FakeFactory fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray().add(ProxyUnderTest.FACTORY_KEY)
      .add(REFUSED_KEY));
    config.getJsonObject("auth").put("adminApiKey", ADMIN_KEY);
    String url = ProxyUnderTest.start(vertx, config).await();
    ProxyClient client = new ProxyClient(vertx, port);
    for (int i = 0; i < 3; i++) { // round-robin: one of them meets the refused key, which is set aside
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

    JsonArray keys = health.getJsonObject("checks").getJsonObject("upstream").getJsonObject("data")
      .getJsonObject("keys").getJsonArray("keys");
    List<List<String>> expected = keys.stream().map(JsonObject.class::cast)
      .map(k -> List.of(k.getString("key"), "api key", k.getString("state").replace('_', ' '), "quota unknown"))
      .toList();
    List<List<String>> credentials = shown.getJsonArray("credentials").stream().map(JsonObject.class::cast)
      .map(c -> List.of(c.getString("id"), c.getString("kind"), c.getString("state"), c.getString("quota")))
      .toList();
    assertEquals(expected, credentials);
    assertEquals(List.of("usable", "set aside"), credentials.stream().map(c -> c.get(2)).sorted(
      java.util.Comparator.reverseOrder()).toList());
    assertEquals((long) metrics.sum("proxy_upstream_keys", Map.of("state", "usable")) + " / " + keys.size(),
      shown.getString("usable"));
    assertEquals("1 / 2", shown.getString("usable"));

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
  void sp9_quotaBarsFollowTheQuotaShapeAndSayUnknownWithoutOne() {
    JsonObject quota = seen.getJsonObject("quota");
    assertEquals(new JsonArray()
      .add(row("standard.fiveHour", "standard · 5 h", "37.5 %", "37.5%", false))
      .add(row("standard.weekly", "standard · week", "100 % · exhausted", "100%", true))
      .add(row("standard.monthly", "standard · month", "81.3 %", "81.25%", false))
      .add(row("core.fiveHour", "core · 5 h", "2 %", "2%", false)), quota.getJsonArray("rows"));
    assertTrue(quota.getBoolean("checked"));
    assertEquals("quota unknown", quota.getString("absent"));
    assertEquals("quota check failed: limits route answered 500", quota.getString("failed"));
  }

  private static JsonObject row(String window, String label, String value, String width, boolean exhausted) {
    return new JsonObject().put("window", window).put("label", label).put("value", value).put("width", width)
      .put("exhausted", exhausted);
  }
}
