package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.Eventually;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /health tells a user what went wrong in words they can act on (issue 17, docs/sandbox.md AE1-AE3): the
 * credential kinds as counts, each route's reachability from the last real call, and the first failure's cause.
 */
class ActionableErrorsTest {
  private Vertx vertx;
  private WebClient web;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private String proxy(String upstreamUrl) {
    JsonObject config = ProxyUnderTest.config(upstreamUrl, ProxyUnderTest.freePort());
    config.getJsonObject("upstream").getJsonObject("retry").put("maxAttempts", 1);
    return ProxyUnderTest.start(vertx, config).await();
  }

  private HttpResponse<Buffer> chat(String base) {
    return web.postAbs(base + "/v1/chat/completions").putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
      .sendJsonObject(new JsonObject().put("model", "claude-sonnet-4-5-20250929").put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "Hello")))).await();
  }

  private JsonObject health(String base) {
    return web.getAbs(base + "/health").send().await().bodyAsJsonObject();
  }

  @Test
  void ae1_healthCountsCredentialKindsAndNoRouteIsSeenBeforeACall() {
    FakeFactory fake = FakeFactory.start(vertx).await();
    JsonObject health = health(proxy(fake.url()));
    assertEquals(false, health.getBoolean("sandbox"));
    assertEquals(new JsonObject().put("factoryKeys", 1).put("clientKeys", 1).put("clients", "proxy keys")
      .put("sandboxKey", false), health.getJsonObject("credentials"));
    assertEquals("not called yet", health.getJsonObject("routes").getJsonObject("messages").getString("state"));
    assertNull(health.getValue("firstFailure"));
    assertTrue(!health.encode().contains(ProxyUnderTest.FACTORY_KEY) && !health.encode().contains("fk-test"));
  }

  @Test
  void ae2_connectionRefusedIsTheFirstFailureAndTheRouteUnreachable() {
    int closed = ProxyUnderTest.freePort();
    String base = proxy("http://127.0.0.1:" + closed + "/api/llm/a/v1/messages");
    assertEquals(502, chat(base).statusCode());
    JsonObject health = Eventually.get(() -> health(base), h -> h.getJsonObject("firstFailure") != null);
    JsonObject first = health.getJsonObject("firstFailure");
    assertEquals("messages", first.getString("route"));
    assertTrue(first.getString("cause").startsWith("connection refused or unreachable: nothing answered at "
      + "http://127.0.0.1:" + closed + "/api/llm/a/v1/messages"), first.getString("cause"));
    assertEquals("unreachable", health.getJsonObject("routes").getJsonObject("messages").getString("state"));
  }

  @Test
  void ae3_refusedKeyIsNamedAndAReachableRouteStaysReachable() {
    FakeFactory fake = FakeFactory.start(vertx).await();
    fake.enqueue(Reply.error(401, new JsonObject().put("detail", "Invalid token")));
    String base = proxy(fake.url());
    assertEquals(401, chat(base).statusCode()); // Factory refused the proxy's key: its answer is passed on (K1)
    JsonObject health = Eventually.get(() -> health(base), h -> h.getJsonObject("firstFailure") != null);
    assertTrue(health.getJsonObject("firstFailure").getString("cause").startsWith("refused key: Factory answered 401"),
      health.encode());
    assertEquals("reachable, key refused",
      health.getJsonObject("routes").getJsonObject("messages").getString("state"));
  }

  /** The call is recorded before its answer is sent: a client that has its answer (whole, [DONE] or an error) finds it. */
  @Test
  void ae4_aFinishedCallIsOnHealthTheMomentItsClientHasTheAnswer() {
    FakeFactory fake = FakeFactory.start(vertx).await();
    for (boolean stream : new boolean[] {false, true}) {
      String base = proxy(fake.url());
      HttpResponse<Buffer> answer = web.postAbs(base + "/v1/chat/completions")
        .putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
        .sendJsonObject(new JsonObject().put("model", "claude-sonnet-4-5-20250929").put("stream", stream)
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hello"))))
        .await();
      assertEquals(200, answer.statusCode());
      assertEquals(stream, answer.bodyAsString().endsWith("data: [DONE]\n\n"), answer.bodyAsString());
      assertEquals("reachable", health(base).getJsonObject("routes").getJsonObject("messages").getString("state"),
        "stream=" + stream);
    }
    fake.enqueue(Reply.error(401, new JsonObject().put("detail", "Invalid token"))); // an error answer, too
    String base = proxy(fake.url());
    assertEquals(401, chat(base).statusCode());
    JsonObject health = health(base);
    assertEquals("reachable, key refused", health.getJsonObject("routes").getJsonObject("messages").getString("state"));
    assertTrue(health.getJsonObject("firstFailure").getString("cause").startsWith("refused key"), health.encode());
  }
}
