package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeResponsesRoute;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.ResponsesReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * The Responses route and client as the composition root wires them, against the strict fake of Factory's
 * Responses route at {@code upstream.apiBase}: a Chat client's GPT request goes client → hub → Responses route, a
 * Responses client's goes through the pass-through; the fake refuses anything Factory would.
 */
class ResponsesWiringTest {
  private static Vertx vertx;
  private static FakeResponsesRoute fake;
  private static ProxyClient client;
  private static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeResponsesRoute.start(vertx).await().expectKeys(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", port);
    config.getJsonObject("upstream").put("apiBase", fake.apiBase());
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Answer post(String path, JsonObject body) {
    return client.send(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI(path).putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
      .putHeader("content-type", "application/json"), body.encode());
  }

  @Test
  void aChatClientsGptRequestIsServedByTheResponsesRoute() {
    fake.enqueue(ResponsesReply.text("Hello from GPT"));
    Answer answer = post("/v1/chat/completions", new JsonObject().put("model", "gpt-5.4")
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi"))));
    assertEquals(200, answer.status(), answer.body());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    assertEquals("Hello from GPT", answer.json().getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message").getString("content"));
    assertEquals("chat.completion", answer.json().getString("object"));
  }

  @Test
  void aResponsesClientIsPassedThrough() {
    fake.enqueue(ResponsesReply.text("Passed through"));
    JsonArray input = new JsonArray().add(new JsonObject().put("type", "message").put("role", "user")
      .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", "Hi"))));
    Answer answer = post("/v1/responses", new JsonObject().put("model", "gpt-5.4").put("input", input));
    assertEquals(200, answer.status(), answer.body());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    assertEquals(false, fake.lastRequest().body().getBoolean("store"));
    assertTrue(answer.body().contains("Passed through"), answer.body());
  }
}
