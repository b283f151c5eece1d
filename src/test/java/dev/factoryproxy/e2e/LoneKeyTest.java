package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.Eventually;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 §1: the key pool never refuses on its own (K1). One Factory key, as the seed's normal set-up, and a
 * two-key pool whose keys are all set aside: the client always gets Factory's own word.
 */
class LoneKeyTest {
  private static final String KEY_A = "fk-a-test-key-0001";
  private static final String KEY_B = "fk-b-test-key-0002";
  private static final String QUOTA = "You've reached your 5-hour standard usage limit (resets in 1h 0min).";

  private Vertx vertx;
  private FakeFactory fake;
  private ProxyClient client;

  private void start(String... keys) {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKeys(keys);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    JsonArray list = new JsonArray();
    List.of(keys).forEach(list::add);
    config.getJsonObject("upstream").put("factoryApiKeys", list);
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Reply authRefusal(int status) {
    return Reply.error(status, new JsonObject().put("type", "error").put("error", new JsonObject()
      .put("type", status == 401 ? "authentication_error" : "permission_error").put("message", "refused by the fake")));
  }

  private static Reply quota() {
    return Reply.error(402, new JsonObject().put("detail", QUOTA).put("status", 402).put("title", "Payment Required"));
  }

  private JsonObject keysInHealth() {
    return client.get("/health").json().getJsonObject("checks").getJsonObject("upstream").getJsonObject("data")
      .getJsonObject("keys");
  }

  @Test
  void k1_oneKeyA401ThenANormalRequestSucceeds() {
    start(KEY_A);
    fake.enqueue(authRefusal(401));
    Answer first = client.chat(false);
    assertEquals(401, first.status());
    assertEquals("refused by the fake", first.error().getString("message"));
    assertEquals(1, fake.callCount(), "a refused key is not asked twice for one request");

    assertEquals(200, client.chat(false).status());
    assertEquals(200, client.chat(true).status());
    assertEquals(3, fake.callCount());
    assertEquals(1, Eventually.get(this::keysInHealth, keys -> keys.getInteger("usable") == 1)
      .getInteger("usable"), "K2: the key Factory accepted again is usable");
  }

  @Test
  void k1_oneKeyEveryRequestGetsFactorys403WhileItLasts() {
    start(KEY_A);
    fake.setDefault(authRefusal(403));
    for (int i = 0; i < 3; i++) {
      Answer answer = client.chat(i == 1);
      assertEquals(403, answer.status());
      assertEquals(new JsonObject().put("message", "refused by the fake").put("type", "permission_error")
        .put("param", null).put("code", answer.error().getValue("code")), answer.error());
    }
    assertEquals(3, fake.callCount(), "every request reached Factory");
  }

  @Test
  void k3_oneKeyA402IsPassedOnWithFactorysDetailAndTheKeyWaitsForTheReset() {
    start(KEY_A);
    fake.setDefault(quota());
    for (int i = 0; i < 3; i++) {
      Answer answer = client.chat(i == 2);
      assertEquals(402, answer.status(), answer.body());
      assertEquals(QUOTA, answer.error().getString("message"));
    }
    assertEquals(3, fake.callCount());
    JsonObject aside = Eventually.get(this::keysInHealth,
      keys -> "set_aside".equals(keys.getJsonArray("keys").getJsonObject(0).getString("state")))
      .getJsonArray("keys").getJsonObject(0);
    assertEquals("set_aside", aside.getString("state"));
    long recheckInMs = aside.getLong("recheckInMs");
    assertTrue(recheckInMs > 3_500_000 && recheckInMs <= 3_600_000, "until the named reset: " + recheckInMs);
  }

  @Test
  void k1_aPoolWhoseKeysAreAllSetAsideStillAnswersWithFactorysWord() {
    start(KEY_A, KEY_B);
    fake.enqueueFor(KEY_A, authRefusal(401)).enqueueFor(KEY_B, authRefusal(401));
    Answer first = client.chat(false);
    assertEquals(401, first.status());
    assertEquals(List.of(KEY_A, KEY_B), fake.keysUsed(), "moving on to the next key stays as it was");
    assertEquals(2, Eventually.get(this::keysInHealth, keys -> keys.getInteger("set_aside") == 2)
      .getInteger("set_aside"));

    Answer next = client.chat(false); // both aside: the one whose set-aside ends first (A) is asked
    assertEquals(200, next.status());
    assertEquals(List.of(KEY_A, KEY_B, KEY_A), fake.keysUsed());
    assertEquals(1, Eventually.get(this::keysInHealth, keys -> keys.getInteger("set_aside") == 1)
      .getInteger("set_aside"));
  }
}
