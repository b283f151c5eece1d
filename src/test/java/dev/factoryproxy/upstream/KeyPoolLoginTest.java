package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.credentials.DroidLogin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CL1: a Droid login sits in the key pool next to the API keys; without an access token it is never handed out. */
class KeyPoolLoginTest {
  private static final String KEY = "fk-test-0000";
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void cl1_aLoginWithoutTokenIsSkippedAndShownByIdNextToTheKey() {
    DroidLogin login = DroidLogin.create(vertx, new ProxyConfig.DroidLogin("rt-test-0000", null,
      "http://127.0.0.1:9", 300_000));
    KeyPool pool = new KeyPool(List.of(KEY), List.of(login), 0, () -> 0L);
    String handle = KeyPool.LOGIN_PREFIX + login.id();
    for (int i = 0; i < 3; i++) {
      assertEquals(KEY, pool.acquire(QuotaBook.STANDARD), "the login has no token yet: only the key is handed out");
    }
    assertEquals(KEY, pool.bearer(KEY));
    assertNull(pool.bearer(handle));
    assertTrue(pool.isLogin(handle));
    assertEquals(login.id(), pool.shown(handle));
    assertNull(pool.soonestSetAside(Set.of()), "K1's fallback never picks a login without a token");
    JsonArray keys = pool.summary().getJsonArray("keys");
    assertEquals(new JsonObject().put("id", login.id()).put("kind", "droid_login").put("state", "set_aside")
      .put("login", "no_token"), keys.getJsonObject(1));
    assertEquals(new JsonObject().put("key", "fk-tes…").put("state", "usable"), keys.getJsonObject(0));
    assertEquals(1, pool.count(KeyPool.State.SET_ASIDE));
  }
}
