package dev.factoryproxy.cluster;

import dev.factoryproxy.config.ConversationStoreSettings;
import dev.factoryproxy.testing.FakeResponsesRoute;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.ResponsesReply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.factoryproxy.testing.ProxyClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * XR17 in a cluster: two whole nodes (Hazelcast on 127.0.0.1) share the conversation store, so a turn answered by
 * one node is continued by {@code previous_response_id} on the other.
 */
class ClusterConversationTest {
  private static final String CLUSTER = "factory-proxy-conv-" + UUID.randomUUID();
  private static Vertx local;
  private static FakeResponsesRoute fake;
  private static Node a;
  private static Node b;
  private static int portA;
  private static int portB;
  private static ProxyClient client;

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    local = Vertx.vertx();
    fake = FakeResponsesRoute.start(local).await().expectKeys(ProxyUnderTest.FACTORY_KEY);
    portA = ProxyUnderTest.freePort();
    portB = ProxyUnderTest.freePort();
    a = await(Node.start(nodeConfig(portA)));
    b = await(Node.start(nodeConfig(portB)));
    client = new ProxyClient(local, portA);
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.vertx().close().await();
      }
    }
    local.close().await();
  }

  private static JsonObject nodeConfig(int port) {
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", port);
    config.getJsonObject("upstream").put("apiBase", fake.apiBase());
    config.put("cluster", new JsonObject().put("enabled", true).put("name", CLUSTER)
      .put("members", new JsonArray().add("127.0.0.1")).put("host", "127.0.0.1"));
    return config;
  }

  private static Answer post(int port, JsonObject body) {
    return client.send(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/v1/responses").putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
      .putHeader("content-type", "application/json"), body.encode());
  }

  @Test
  void xr17_aTurnAnsweredOnOneNodeIsContinuedOnTheOther() {
    fake.enqueue(ResponsesReply.response(ResponsesReply.textResponse("Paris").put("id", "resp_cluster_1")));
    Answer first = post(portA, new JsonObject().put("model", "gpt-5.4").put("input", "Capital of France?"));
    assertEquals(200, first.status(), first.body());

    fake.enqueue(ResponsesReply.text("About 2 million"));
    Answer second = post(portB, new JsonObject().put("model", "gpt-5.4").put("previous_response_id", "resp_cluster_1")
      .put("input", "Its population?"));
    assertEquals(200, second.status(), second.body());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    JsonArray input = fake.lastRequest().body().getJsonArray("input");
    assertEquals(3, input.size(), input.encode());
    assertEquals("Paris", input.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("text"));
    assertEquals("Its population?", input.getJsonObject(2).getJsonArray("content").getJsonObject(0)
      .getString("text"));
  }

  @Test
  void xr22_withTheStoreOffNoEndpointRemembersAnything() {
    ConversationStoreSettings off = new ConversationStoreSettings(false, 1, 1, 1);
    assertEquals(java.util.Map.of(), Node.conversations(local, off));
    assertEquals(java.util.Set.of("responses"), Node.conversations(local, ConversationStoreSettings.DEFAULTS).keySet());
  }
}
