package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chat route (Droid Core models) as the composition root wires it, against its strict fake at
 * {@code upstream.apiBase}: a model id with no known prefix goes there, with its route's provider.
 */
class CoreChatWiringTest {
  private static Vertx vertx;
  private static FakeCoreChatRoute fake;
  private static ProxyClient client;
  private static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeCoreChatRoute.start(vertx).await();
    fake.expectKeys(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", port);
    String url = fake.url();
    config.getJsonObject("upstream").put("apiBase", url.substring(0, url.length() - FakeCoreChatRoute.PATH.length()));
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Answer chat(boolean stream) {
    JsonObject body = new JsonObject().put("model", "glm-4.6").put("stream", stream)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
    return client.send(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
      .putHeader("content-type", "application/json"), body.encode());
  }

  @Test
  void anOpenModelIsServedByTheChatRoute() {
    fake.enqueue(FakeCoreChatRoute.text("Hello from GLM"));
    Answer answer = chat(false);
    assertEquals(200, answer.status(), answer.body());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    assertEquals("Hello from GLM", answer.json().getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message").getString("content"));
  }

  @Test
  void itsStreamEndsWithDone() {
    fake.enqueue(FakeCoreChatRoute.text("Streamed"));
    Answer answer = chat(true);
    assertEquals(200, answer.status(), answer.body());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    assertTrue(answer.body().endsWith("data: [DONE]\n\n"), answer.body());
    assertTrue(answer.body().contains("Streamed"), answer.body());
  }
}
