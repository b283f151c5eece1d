package dev.factoryproxy.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeWorkOs;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * DL4: several Droid logins on one node, one per auth file, through the proxy against the strict fakes. Each is a
 * credential of the key pool of its own: shown in {@code /health} by its own id, used in turn, set aside alone.
 */
class SeveralDroidLoginsTest {
  private static final String REFRESH_A = "rt-test-account-a-0000";
  private static final String REFRESH_B = "rt-test-account-b-0000";

  @TempDir
  Path dir;
  private Vertx vertx;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger proxyLogger = (Logger) LoggerFactory.getLogger("dev.factoryproxy");

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    logs.start();
    proxyLogger.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    proxyLogger.detachAppender(logs);
    vertx.close().await();
  }

  private Path authFile(String name, String accessToken, String refreshToken) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, new JsonObject().put("access_token", accessToken).put("refresh_token", refreshToken)
      .encode());
    return file;
  }

  private static JsonArray keysInHealth(ProxyClient client) {
    return client.get("/health").json().getJsonObject("checks").getJsonObject("upstream").getJsonObject("data")
      .getJsonObject("keys").getJsonArray("keys");
  }

  @Test
  void dl4_twoAuthFilesAreTwoCredentialsUsedInTurn_andOneSetAsideLeavesTheOtherServing() throws IOException {
    long inAnHour = System.currentTimeMillis() + 3_600_000;
    String accessA = FakeWorkOs.jwt("user_test_a", inAnHour);
    String accessB = FakeWorkOs.jwt("user_test_b", inAnHour);
    Path a = authFile("a.json", accessA, REFRESH_A);
    Path b = authFile("b.json", accessB, REFRESH_B);
    FakeWorkOs workOs = FakeWorkOs.start(vertx, REFRESH_A).await(); // B's refresh token is not (any more) valid
    FakeFactory factory = FakeFactory.start(vertx).await().expectKeys(accessA, accessB);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray())
      .put("authFile", a + "," + b) // as FACTORY_AUTH_FILE=a.json,b.json gives it
      .put("workosUrl", workOs.url());
    ProxyUnderTest.start(vertx, config).await();
    ProxyClient client = new ProxyClient(vertx, port);

    assertEquals(2, client.get("/health").json().getJsonObject("credentials").getInteger("droidLogins"));
    JsonArray keys = keysInHealth(client);
    assertEquals(2, keys.size(), keys.encode());
    String idA = keys.getJsonObject(0).getString("id");
    String idB = keys.getJsonObject(1).getString("id");
    assertNotEquals(idA, idB, "each login has its own id");
    for (int i = 0; i < 2; i++) {
      assertEquals("droid_login", keys.getJsonObject(i).getString("kind"));
      assertEquals("usable", keys.getJsonObject(i).getString("state"));
    }
    assertEquals(List.of(), workOs.calls(), "tokens far from exp: no refresh at start");

    for (int i = 0; i < 4; i++) {
      assertEquals(200, client.chat(i % 2 == 1).status());
    }
    assertEquals(List.of(accessA, accessB, accessA, accessB), factory.keysUsed(), "used in turn");

    factory.expectKeys(accessA); // B's access token is revoked, and its refresh token is refused
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(client.chat(false));
    }
    answers.forEach(answer -> assertEquals(200, answer.status(), answer.body()));
    assertEquals(List.of(accessA, accessB, accessA, accessB, accessA, accessB, accessA, accessA, accessA),
      factory.keysUsed(), "B's 401 refreshes it once, is refused, and that request and the rest go to A");
    assertEquals(List.of(new FakeWorkOs.Call(REFRESH_B, 400)), workOs.calls());
    keys = keysInHealth(client);
    assertEquals(new JsonObject().put("id", idA).put("kind", "droid_login").put("state", "usable")
      .put("expiresAt", java.time.Instant.ofEpochSecond(inAnHour / 1000).toString()).put("login", "usable"),
      keys.getJsonObject(0));
    JsonObject setAside = keys.getJsonObject(1);
    assertEquals(idB, setAside.getString("id"));
    assertEquals("set_aside", setAside.getString("state"));
    assertEquals("set_aside", setAside.getString("login"));
    assertEquals("WorkOS refused the refresh token (400 invalid_grant)", setAside.getString("reason"));
    assertEquals(REFRESH_B, new JsonObject(Files.readString(b)).getString("refresh_token"), "B's file left alone");

    List<String> shown = new ArrayList<>();
    logs.list.forEach(event -> shown.add(event.getFormattedMessage()));
    shown.add(client.get("/health").body());
    answers.forEach(answer -> shown.add(answer.body()));
    for (String secret : List.of(accessA, accessB, REFRESH_A, REFRESH_B)) {
      shown.forEach(text -> assertFalse(text.contains(secret), "a token was shown: " + text));
    }
  }
}
