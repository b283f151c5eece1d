package dev.factoryproxy.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeWorkOs;
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
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, first part: a Droid login (WorkOS tokens in an auth.json) in the key pool, against a strict fake WorkOS
 * and the fake Factory on 127.0.0.1. Rules CL1–CL7 (docs/credentials.md). Every test also checks that no token
 * reached the log, health or an error body (CL7).
 */
class DroidLoginTest {
  private static final String INITIAL_REFRESH = "rt-test-initial-0000";

  @TempDir
  Path dir;
  private Path authFile;
  private Vertx vertx;
  private FakeFactory factory;
  private FakeWorkOs workOs;
  private ProxyClient client;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger proxyLogger = (Logger) LoggerFactory.getLogger("dev.factoryproxy");
  private Level savedLevel;
  /** What the auth file held each time Factory got a request: the Bearer and whether the file had it then. */
  private final List<String> fileHadBearer = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    authFile = dir.resolve("auth.json");
    savedLevel = proxyLogger.getLevel();
    proxyLogger.setLevel(Level.DEBUG);
    logs.start();
    proxyLogger.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    proxyLogger.detachAppender(logs);
    proxyLogger.setLevel(savedLevel);
    vertx.close().await();
  }

  private void writeAuthFile(String accessToken) throws IOException {
    JsonObject json = new JsonObject().put("refresh_token", INITIAL_REFRESH).put("user_id", "user_test");
    if (accessToken != null) {
      json.put("access_token", accessToken);
    }
    Files.writeString(authFile, json.encode());
  }

  private void start(long refreshAheadMs) {
    workOs = FakeWorkOs.start(vertx, INITIAL_REFRESH).await();
    factory = FakeFactory.start(vertx).await().expectKeys("fk-test-nothing-0000");
    factory.onRequest(this::noteWhatTheFileHeld);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray()).put("authFile", authFile.toString())
      .put("workosUrl", workOs.url()).put("refreshAheadMs", refreshAheadMs);
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  /** Runs as Factory's fake gets a request: did the auth file already hold the Bearer it was sent (CL3)? */
  private void noteWhatTheFileHeld(io.vertx.core.http.HttpServerRequest request) {
    String bearer = request.getHeader("authorization").substring("Bearer ".length());
    try {
      fileHadBearer.add(bearer.equals(new JsonObject(Files.readString(authFile)).getString("access_token"))
        ? "in file" : "not in file");
    } catch (IOException e) {
      fileHadBearer.add("no file");
    }
  }

  private JsonObject loginInHealth() {
    JsonArray keys = client.get("/health").json().getJsonObject("checks").getJsonObject("upstream")
      .getJsonObject("data").getJsonObject("keys").getJsonArray("keys");
    assertEquals(1, keys.size(), keys.encode());
    return keys.getJsonObject(0);
  }

  private JsonObject fileJson() throws IOException {
    return new JsonObject(Files.readString(authFile));
  }

  private static long inMinutes(int minutes) {
    return System.currentTimeMillis() + minutes * 60_000L;
  }

  /** CL7: no token ever issued or held shows up in the captured log, health or the given bodies. */
  private void assertNoTokenShown(String... bodies) {
    List<String> secrets = new ArrayList<>(workOs.issuedAccessTokens());
    secrets.add(INITIAL_REFRESH);
    workOs.calls().forEach(call -> secrets.add(call.refreshToken()));
    secrets.add(workOs.currentRefreshToken());
    List<String> shown = new ArrayList<>();
    logs.list.forEach(event -> {
      shown.add(event.getFormattedMessage());
      if (event.getKeyValuePairs() != null) {
        event.getKeyValuePairs().forEach(pair -> shown.add(String.valueOf(pair.value)));
      }
    });
    shown.add(client.get("/health").body());
    shown.addAll(List.of(bodies));
    for (String secret : secrets) {
      for (String text : shown) {
        assertFalse(text.contains(secret), "a token was shown: " + text);
      }
    }
  }

  @Test
  void cl2_cl3_anExpiredTokenIsRefreshedAtStartWrittenToTheFileAndThenUsed() throws IOException {
    writeAuthFile(FakeWorkOs.jwt("user_test_old", inMinutes(-10)));
    start(300_000);
    assertEquals(List.of(new FakeWorkOs.Call(INITIAL_REFRESH, 200)), workOs.calls());
    assertEquals(List.of(), workOs.violations());
    String fresh = workOs.issuedAccessTokens().get(0);
    factory.expectKey(fresh);

    Answer answer = client.chat(false);
    assertEquals(200, answer.status(), answer.body());
    assertEquals(List.of(fresh), factory.keysUsed());
    assertEquals(List.of("in file"), fileHadBearer, "Factory saw the new token only once the file had it");
    JsonObject file = fileJson();
    assertEquals(new JsonObject().put("refresh_token", workOs.currentRefreshToken()).put("user_id", "user_test")
      .put("access_token", fresh), file, "both tokens replaced, the CLI's other fields kept");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile)));
    try (var leftovers = Files.list(dir)) {
      assertEquals(List.of(authFile), leftovers.toList(), "no temporary file left behind");
    }
    JsonObject health = loginInHealth();
    assertEquals("droid_login", health.getString("kind"));
    assertEquals("usable", health.getString("state"));
    assertTrue(health.getString("id").matches("key-[0-9a-f]{8}"), health.encode());
    assertTrue(logs.list.stream().anyMatch(event -> event.getFormattedMessage()
      .startsWith("Droid login " + health.getString("id") + " refreshed")), "the log names the login by its id");
    assertNoTokenShown(answer.body());
  }

  @Test
  void cl2_theAccessTokenIsRefreshedBeforeItExpires() throws IOException, InterruptedException {
    String old = FakeWorkOs.jwt("user_test_old", System.currentTimeMillis() + 302_000);
    writeAuthFile(old);
    start(300_000); // due 2 s from now
    assertEquals(List.of(), workOs.calls(), "a token far enough from exp is used as it is");
    factory.expectKey(old);
    assertEquals(200, client.chat(false).status());

    String before = loginInHealth().getString("expiresAt");
    long deadline = System.currentTimeMillis() + 10_000;
    while (before.equals(loginInHealth().getString("expiresAt")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // until the new token is in use (written to the file, then adopted)
    }
    assertEquals(List.of(new FakeWorkOs.Call(INITIAL_REFRESH, 200)), workOs.calls());
    String fresh = workOs.issuedAccessTokens().get(0);
    factory.expectKey(fresh);
    assertEquals(200, client.chat(true).status());
    assertEquals(List.of(old, fresh), factory.keysUsed());
    assertEquals(List.of("in file", "in file"), fileHadBearer);
    assertEquals(workOs.currentRefreshToken(), fileJson().getString("refresh_token"));
    assertNoTokenShown();
  }

  @Test
  void cl4_aRefreshWhoseAnswerWasLostIsReplayedWithTheOldRefreshToken() throws IOException {
    writeAuthFile(null); // no access token yet: refreshed at start
    startWithDroppedAnswer();
    assertEquals(List.of(new FakeWorkOs.Call(INITIAL_REFRESH, 0), new FakeWorkOs.Call(INITIAL_REFRESH, 200)),
      workOs.calls(), "the lost answer is replayed with the same, old refresh token (inside the grace)");
    String fresh = workOs.issuedAccessTokens().get(1);
    factory.expectKey(fresh);
    assertEquals(200, client.chat(false).status());
    assertEquals("usable", loginInHealth().getString("state"));
    assertEquals(List.of(fresh), factory.keysUsed());
    assertEquals(workOs.currentRefreshToken(), fileJson().getString("refresh_token"));
    assertEquals(List.of("in file"), fileHadBearer);
    assertNoTokenShown();
  }

  private void startWithDroppedAnswer() {
    workOs = FakeWorkOs.start(vertx, INITIAL_REFRESH).await().dropNext(1);
    factory = FakeFactory.start(vertx).await().expectKeys("fk-test-nothing-0000");
    factory.onRequest(this::noteWhatTheFileHeld);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray()).put("authFile", authFile.toString())
      .put("workosUrl", workOs.url());
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @Test
  void cl5_aRefusedRefreshSetsTheLoginAsideAndRequestsGetAClearError() throws IOException, InterruptedException {
    writeAuthFile(FakeWorkOs.jwt("user_test_old", inMinutes(-10)));
    workOs = FakeWorkOs.start(vertx, "rt-test-someone-else").await(); // our refresh token is not WorkOS's
    factory = FakeFactory.start(vertx).await();
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray()).put("authFile", authFile.toString())
      .put("workosUrl", workOs.url());
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);

    JsonObject health = loginInHealth();
    assertEquals("set_aside", health.getString("state"));
    assertEquals("set_aside", health.getString("login"));
    assertEquals("WorkOS refused the refresh token (400 invalid_grant)", health.getString("reason"));
    long started = System.nanoTime();
    Answer answer = client.chat(false);
    assertTrue((System.nanoTime() - started) / 1_000_000 < 3_000, "answered at once, no hang");
    assertEquals(503, answer.status(), answer.body());
    assertTrue(answer.error().getString("message").contains("Droid login could not be refreshed"), answer.body());
    assertEquals(0, factory.callCount(), "no request without a token");
    Thread.sleep(1_500);
    assertEquals(1, workOs.calls().size(), "a refused refresh is not retried in a tight loop");
    assertEquals(INITIAL_REFRESH, fileJson().getString("refresh_token"), "the file is left as it was");
    assertNoTokenShown(answer.body());
  }

  @Test
  void cl6_aFactory401OnALoginRefreshesItOnceThenSucceeds() throws IOException {
    String revoked = FakeWorkOs.jwt("user_test_revoked", inMinutes(60));
    String fresh = FakeWorkOs.jwt("user_test_fresh", inMinutes(60));
    writeAuthFile(revoked);
    start(300_000);
    assertEquals(List.of(), workOs.calls());
    factory.expectKey(fresh); // Factory no longer takes the old token: 401
    workOs.issueNext(fresh);

    Answer answer = client.chat(false);
    assertEquals(200, answer.status(), answer.body());
    assertEquals(List.of(revoked, fresh), factory.keysUsed());
    assertEquals(List.of(new FakeWorkOs.Call(INITIAL_REFRESH, 200)), workOs.calls(), "one refresh");
    assertEquals(fresh, fileJson().getString("access_token"));
    assertEquals(List.of("in file", "in file"), fileHadBearer);
    assertEquals(200, client.chat(true).status());
    assertEquals(1, workOs.calls().size());
    assertNoTokenShown(answer.body());
  }
}
