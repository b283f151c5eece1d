package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** No Factory keys configured: each client's own key is forwarded, outside the node's key pool. */
class PassthroughKeysTest {
  private static final String CLIENT_FACTORY_KEY = "fk-client-own-test-key";
  private static final String WRONG_FACTORY_KEY = "fk-wrong-own-test-key";

  private static Vertx vertx;
  private static FakeFactory fake;
  private static ProxyClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(CLIENT_FACTORY_KEY);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray());
    config.getJsonObject("auth").put("proxyApiKeys", new JsonArray());
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void aRefusedClientKeyIsTheClientsOwn401AndSetsNothingAside() {
    Answer refused = client.chat(WRONG_FACTORY_KEY, false);
    assertEquals(401, refused.status());
    assertEquals("invalid_api_key", refused.error().getString("code"));
    assertEquals(1, fake.callCount(), "one key, nothing else to try");

    assertEquals(200, client.chat(CLIENT_FACTORY_KEY, false).status());
    assertEquals(List.of(WRONG_FACTORY_KEY, CLIENT_FACTORY_KEY), fake.keysUsed());
    JsonObject keys = client.get("/health").json().getJsonObject("checks").getJsonObject("upstream")
      .getJsonObject("data").getJsonObject("keys");
    assertEquals(new JsonObject().put("mode", "passthrough"), keys);
  }

  @Test
  void transientFailuresAreStillRetriedWithTheClientsKey() {
    fake.enqueue(Reply.error(529, new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", "overloaded_error").put("message", "Overloaded"))));
    assertEquals(200, client.chat(CLIENT_FACTORY_KEY, true).status());
    assertEquals(List.of(CLIENT_FACTORY_KEY, CLIENT_FACTORY_KEY), fake.keysUsed());
  }
}
