package dev.factoryproxy.http;

import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.testing.Eventually;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status page (docs/status-page.md, SP1-SP8) on a real proxy against the strict fake Factory. */
class StatusPageTest {
  static final String ADMIN_KEY = "fa-test-admin-key-0123456789";

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config ->
    config.getJsonObject("auth").put("adminApiKey", ADMIN_KEY));
  @RegisterExtension
  static final ProxyFixture OFF = new ProxyFixture();

  private static ProxyClient client() {
    return PROXY.client();
  }

  private static Answer request(ProxyClient client, HttpMethod method, String path, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return client.send(options, body);
  }

  private static Answer get(String path, String... headers) {
    return request(client(), HttpMethod.GET, path, "", headers);
  }

  private static Answer login(String key, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "content-type";
    all[1] = "application/x-www-form-urlencoded";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return request(client(), HttpMethod.POST, "/status/login",
      "key=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8), all);
  }

  private static JsonObject data() {
    Answer answer = get("/status/data", "authorization", "Bearer " + ADMIN_KEY);
    assertEquals(200, answer.status(), answer.body());
    return answer.json();
  }

  @BeforeEach
  void freshScript() {
    PROXY.fake().reset();
  }

  @Test
  void sp1_withoutAnAdminKeyTheStatusPageIsA404ThatSaysHowToTurnItOn() {
    for (String path : List.of("/status", "/status/data", "/status/assets/status.js")) {
      Answer answer = request(OFF.client(), HttpMethod.GET, path, "", "authorization", "Bearer " + ADMIN_KEY);
      assertEquals(404, answer.status(), path);
      assertEquals(new JsonObject().put("message", "The status page is off: set ADMIN_API_KEY (auth.adminApiKey) "
        + "to turn it on").put("type", "invalid_request_error").put("param", null).put("code", "not_found"),
        answer.error());
    }
    assertEquals(404, request(OFF.client(), HttpMethod.POST, "/status/login", "key=" + ADMIN_KEY,
      "content-type", "application/x-www-form-urlencoded").status());
  }

  @Test
  void sp1_anAdminKeyMustBeLongAndNoClientKey() {
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/v1/messages", 8000);
    config.getJsonObject("auth").put("adminApiKey", "short");
    ConfigException tooShort = assertThrows(ConfigException.class, () -> ProxyConfig.fromJson(config));
    assertEquals("auth.adminApiKey (ADMIN_API_KEY) must be at least 16 characters and differ from every client "
      + "key (auth.proxyApiKeys)", tooShort.getMessage());
    config.getJsonObject("auth").put("adminApiKey", ProxyUnderTest.CLIENT_KEY);
    assertThrows(ConfigException.class, () -> ProxyConfig.fromJson(config));
    config.getJsonObject("auth").put("adminApiKey", ADMIN_KEY);
    ProxyConfig accepted = ProxyConfig.fromJson(config);
    assertEquals(ADMIN_KEY, accepted.auth().adminApiKey());
    assertFalse(accepted.auth().toString().contains(ADMIN_KEY), "toString never shows the key");
  }

  @Test
  void sp2_aMissingOrWrongKeyIs401AndAClientKeyIsNoAdminKey() {
    Answer page = get("/status");
    assertEquals(401, page.status());
    assertTrue(page.headers().get("content-type").startsWith("text/html"));
    assertTrue(page.body().contains("<form class=\"card login-card\" method=\"post\" action=\"/status/login\">"));
    assertFalse(page.body().contains("{{"), "every placeholder filled");
    assertTrue(page.body().contains("<p id=\"login-message\" class=\"ask\">Enter the admin key"));

    for (String[] headers : List.of(new String[0], new String[] {"authorization", "Bearer fa-test-wrong-key-0000"},
      new String[] {"authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY}, new String[] {"x-api-key", ADMIN_KEY})) {
      Answer answer = get("/status/data", headers);
      assertEquals(401, answer.status(), String.join(" ", headers));
      assertEquals("invalid_api_key", answer.error().getString("code"));
      assertFalse(answer.body().contains("\"credentials\""));
    }
    assertEquals(401, get("/status", "authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY).status());
    // the admin key opens the status page only: it is not a client key
    assertEquals(401, client().chat(ADMIN_KEY, false).status());
    assertEquals(200, get("/status", "authorization", "Bearer " + ADMIN_KEY).status());
  }

  @Test
  void sp3_theLoginFormSetsAStrictHttpOnlySessionCookieThatIsNotTheKey() {
    Answer wrong = login("fa-test-wrong-key-0000");
    assertEquals(401, wrong.status());
    assertTrue(wrong.body().contains("<p id=\"login-message\" class=\"refused\">That is not the admin key.</p>"));
    assertEquals(null, wrong.headers().get("set-cookie"));

    Answer ok = login(ADMIN_KEY);
    assertEquals(303, ok.status());
    assertEquals("/status", ok.headers().get("location"));
    String setCookie = ok.headers().get("set-cookie");
    assertNotNull(setCookie);
    Matcher cookie = Pattern.compile("^fp_status=(v1\\.[0-9]+\\.[A-Za-z0-9_-]{43}); Max-Age=43200; "
      + "Expires=[^;]+; Path=/status; HTTPOnly; SameSite=Strict$").matcher(setCookie);
    assertTrue(cookie.matches(), setCookie);
    String session = cookie.group(1);
    assertFalse(session.contains(ADMIN_KEY));

    assertEquals(200, get("/status/data", "cookie", "fp_status=" + session).status());
    assertEquals(200, get("/status", "cookie", "fp_status=" + session).status());
    String forged = session.substring(0, session.length() - 1) + (session.endsWith("A") ? "B" : "A");
    assertEquals(401, get("/status/data", "cookie", "fp_status=" + forged).status());
    String later = session.replaceFirst("v1\\.([0-9]+)\\.", "v1.9$1.");
    assertEquals(401, get("/status/data", "cookie", "fp_status=" + later).status(), "expiry is signed");
    // the key in the URL is not accepted: URLs land in logs, history and referrers
    assertEquals(401, get("/status?key=" + ADMIN_KEY).status());
    assertEquals(401, get("/status/data?key=" + ADMIN_KEY).status());
    // a form posted from another site is refused, a same-origin one accepted
    assertEquals(403, login(ADMIN_KEY, "origin", "http://evil.example").status());
    assertEquals(303, login(ADMIN_KEY, "origin", "http://127.0.0.1:" + PROXY.port()).status());

    Answer logout = request(client(), HttpMethod.POST, "/status/logout", "", "cookie", "fp_status=" + session);
    assertEquals(303, logout.status());
    assertTrue(logout.headers().get("set-cookie").matches("fp_status=; Max-Age=0; Expires=[^;]+; Path=/status; HTTPOnly; SameSite=Strict"),
      logout.headers().get("set-cookie"));
  }

  @Test
  void sp3_aSessionEndsAfterTwelveHoursAndWithTheKey() {
    AtomicLong now = new AtomicLong(1_800_000_000L);
    AdminAuth auth = new AdminAuth(ADMIN_KEY, now::get);
    String session = auth.sessionCookie(false).getValue();
    assertTrue(auth.validSession(session));
    now.addAndGet(AdminAuth.SESSION_SECONDS - 1);
    assertTrue(auth.validSession(session));
    now.addAndGet(1);
    assertFalse(auth.validSession(session));
    assertFalse(new AdminAuth("fa-test-other-admin-key-01", now::get).validSession(
      new AdminAuth(ADMIN_KEY, now::get).sessionCookie(false).getValue()), "a new admin key ends every session");
    assertTrue(auth.sessionCookie(true).isSecure());
    assertFalse(auth.validSession("v1.x.y"));
    assertFalse(auth.validSession(null));
  }

  @Test
  void sp4_thePageLoadsNothingButWhatTheProxyServes() throws IOException {
    Answer page = get("/status", "authorization", "Bearer " + ADMIN_KEY);
    assertEquals(StatusPage.CSP, page.headers().get("content-security-policy"));
    assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'", StatusPage.CSP);
    assertEquals("no-store", page.headers().get("cache-control"));
    assertEquals("DENY", page.headers().get("x-frame-options"));
    assertEquals("same-origin", page.headers().get("referrer-policy"));
    Answer loginPage = get("/status");
    Pattern reference = Pattern.compile("(?:src|href|action)=\"([^\"]*)\"");
    for (String html : List.of(page.body(), loginPage.body())) {
      Matcher m = reference.matcher(html);
      int found = 0;
      while (m.find()) {
        found++;
        assertTrue(m.group(1).startsWith("/status"), m.group(1));
      }
      assertTrue(found >= 2);
    }
    Answer css = get("/status/assets/status.css");
    assertEquals(200, css.status());
    assertEquals("text/css; charset=utf-8", css.headers().get("content-type"));
    assertFalse(css.body().contains("url(") || css.body().contains("@import"));
    Answer js = get("/status/assets/status.js");
    assertEquals(200, js.status());
    assertEquals("text/javascript; charset=utf-8", js.headers().get("content-type"));
    assertEquals(List.of("fetch(\"/status/data\""), Pattern.compile("fetch\\([^,)]*").matcher(js.body()).results()
      .map(r -> r.group()).toList());
    assertEquals(List.of("http://www.w3.org/2000/svg"), Pattern.compile("https?://[^\"' ]*")
      .matcher(js.body()).results().map(r -> r.group()).toList(), "only the SVG namespace name, never fetched");
    assertEquals(js.body(), Files.readString(Path.of("src/main/resources/status/status.js")));
    assertEquals(404, get("/status/assets/secret.txt").status());
  }

  @Test
  void sp5_credentialsAreShownAsHealthShowsThemAndNoTokenEver() {
    assertEquals(200, client().chat(false).status());
    JsonObject data = data();
    JsonObject health = new JsonObject(client().get("/health").body());
    JsonArray healthKeys = health.getJsonObject("checks").getJsonObject("upstream").getJsonObject("data")
      .getJsonObject("keys").getJsonArray("keys");
    assertEquals(new JsonObject().put("mode", "pool").put("keys", new JsonArray().add(new JsonObject()
      .put("id", healthKeys.getJsonObject(0).getString("key")).put("state", "usable").put("kind", "api_key")))
      .put("usable", 1).put("cooling_down", 0).put("set_aside", 0), data.getJsonObject("credentials"));
    assertEquals("fk-tes…", healthKeys.getJsonObject(0).getString("key"));
    assertEquals(health.getJsonObject("routes").getJsonObject("messages").getString("state"),
      data.getJsonObject("routes").getJsonObject("messages").getString("state"));
    assertEquals("healthy", data.getString("status"));
    String body = data.encode();
    for (String secret : List.of(ProxyUnderTest.FACTORY_KEY, ProxyUnderTest.CLIENT_KEY, ADMIN_KEY)) {
      assertFalse(body.contains(secret), secret);
    }
    assertTrue(data.getJsonArray("models").contains(new JsonObject().put("id", ProxyClient.MODEL)
      .put("route", "messages").put("provider", "anthropic")));
  }

  @Test
  void sp5_aQuotaInTheHealthEntryReachesThePageAndUnknownFieldsDoNot() {
    JsonObject quota = new JsonObject().put("standard", new JsonObject().put("fiveHour", new JsonObject()
      .put("usedPercent", 37.5).put("resetsAt", "2026-12-02T20:00:00Z"))).put("checkedAt", "2026-12-02T17:00:00Z")
      .put("exhausted", new JsonArray());
    JsonObject report = new JsonObject().put("checks", new JsonObject().put("upstream", new JsonObject()
      .put("data", new JsonObject().put("keys", new JsonObject().put("mode", "pool").put("usable", 1)
        .put("keys", new JsonArray().add(new JsonObject().put("id", "key-1a2b3c4d").put("kind", "droid_login")
          .put("state", "usable").put("login", "usable").put("accessToken", "eyJ-not-shown").put("quota", quota)))))));
    assertEquals(new JsonObject().put("mode", "pool").put("usable", 1).put("keys", new JsonArray().add(
      new JsonObject().put("id", "key-1a2b3c4d").put("kind", "droid_login").put("state", "usable")
        .put("login", "usable").put("quota", quota))), StatusData.credentials(report));
    assertEquals(new JsonObject().put("mode", "unknown").put("reason", "no upstream check"),
      StatusData.credentials(new JsonObject()));
  }

  @Test
  void sp6_theRequestRingCountsApiCallsByStatusClassAndNotThePagesOwnPolls() {
    JsonObject before = data().getJsonObject("requests");
    assertEquals(200, client().chat(false).status());
    assertEquals(200, client().chat(true).status());
    assertEquals(401, client().chat("sk-wrong-client-key", false).status());
    client().get("/health");
    get("/status/data", "authorization", "Bearer " + ADMIN_KEY);
    JsonObject after = data().getJsonObject("requests");
    assertEquals(3, after.getLong("requests") - before.getLong("requests"));
    assertEquals(1, after.getLong("errors") - before.getLong("errors"));
    assertEquals(10, after.getInteger("bucketSeconds"));
    assertEquals(30, after.getJsonArray("buckets").size());
    long twoXx = after.getJsonArray("buckets").stream().mapToLong(b -> ((JsonObject) b).getLong("2xx")).sum();
    long fourXx = after.getJsonArray("buckets").stream().mapToLong(b -> ((JsonObject) b).getLong("4xx")).sum();
    assertEquals(after.getLong("requests"), twoXx + fourXx);
    assertEquals(after.getLong("errors"), fourXx);
  }

  @Test
  void sp7_openStreamsAreTheCountBehindTheActiveStreamsGauge() {
    PROXY.fake().enqueue(Reply.hang());
    ProxyClient held = new ProxyClient(PROXY.vertx(), PROXY.port());
    io.vertx.core.Future<HttpClientResponse> stream = held.startStream(ProxyUnderTest.CLIENT_KEY);
    ProxyClient.await(PROXY.fake().awaitRequests(1));
    assertEquals(1, Eventually.get(() -> data().getInteger("openStreams"), n -> n == 1));
    assertEquals(1, client().metrics().sum("proxy_active_streams"));
    held.closeAll();
    assertEquals(0, Eventually.get(() -> data().getInteger("openStreams"), n -> n == 0));
    assertEquals(0, client().metrics().sum("proxy_active_streams"));
    assertNotNull(stream);
  }

  @Test
  void sp8_aSingleNodeIsOneRowWithItsConfiguredRoles() {
    assertEquals(new JsonArray().add(new JsonObject().put("address", "127.0.0.1:" + PROXY.port())
      .put("roles", new JsonArray().add("http").add("translator").add("upstream")).put("self", true)),
      data().getJsonArray("nodes"));
  }
}
