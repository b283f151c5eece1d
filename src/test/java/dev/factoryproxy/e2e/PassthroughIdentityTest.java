package dev.factoryproxy.e2e;

import dev.factoryproxy.config.Secrets;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 §4: in passthrough mode, clients whose tokens share their first characters (every JWT begins
 * {@code eyJhbG}) are still different clients for the per-client limits (I1).
 */
class PassthroughIdentityTest {
  private static final String JWT_A = "eyJhbGciOiJSUzI1NiJ9.test-client-a.sig";
  private static final String JWT_B = "eyJhbGciOiJSUzI1NiJ9.test-client-b.sig";

  private static Vertx vertx;
  private static ProxyClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    FakeFactory fake = FakeFactory.start(vertx).await().expectKeys(JWT_A, JWT_B);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray());
    config.getJsonObject("auth").put("proxyApiKeys", new JsonArray());
    config.getJsonObject("limits").put("requestsPerMinute", 1);
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void i1_tokensSharingAPrefixHaveTheirOwnLimits() {
    assertEquals(200, client.chat(JWT_A, false).status());
    assertEquals(200, client.chat(JWT_B, false).status(), "B is not A: its own requests-per-minute bucket");
    assertEquals(429, client.chat(JWT_A, false).status());
  }

  @Test
  void i1_theIdIsADigestNeverTheToken() {
    String id = Secrets.id(JWT_A);
    assertTrue(id.matches("key-[0-9a-f]{8}"), id);
    assertNotEquals(id, Secrets.id(JWT_B));
    assertEquals(id, Secrets.id(JWT_A));
    assertEquals("key-9f86d081", Secrets.id("test")); // SHA-256("test") = 9f86d081...
  }
}
