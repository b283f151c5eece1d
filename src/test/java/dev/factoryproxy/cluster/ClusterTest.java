package dev.factoryproxy.cluster;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.ProxyClient;
import static dev.factoryproxy.testing.ProxyClient.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Vert.x clustering (Hazelcast on 127.0.0.1, a cluster name unique to this run) inside one JVM: a front node
 * runs http+translator, separate nodes run the upstream role. Proves cross-node streaming and ordering,
 * cancellation, and what happens when an upstream node goes away. Each case starts from the same cluster (the
 * front node and one upstream node, a fresh fake script), so none depends on the order the cases run in.
 */
class ClusterTest {
  private static final String CLUSTER = "factory-proxy-test-" + UUID.randomUUID();
  private static final String ADMIN_KEY = "fa-test-admin-key-0123456789";
  private static Vertx local;
  private static FakeFactory fake;
  private static HttpClient http;
  private static int port;
  private static Node front;
  /** The one upstream node each case starts with; a case that stops it sets it to null. */
  private static Node upstream;

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    local = Vertx.vertx();
    fake = FakeFactory.start(local).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    http = local.createHttpClient();
    port = ProxyUnderTest.freePort();
    front = await(Node.start(nodeConfig("http", "translator")));
  }

  @BeforeEach
  void oneUpstreamNodeAndAFreshScript() {
    fake.reset();
    if (upstream == null) {
      upstream = await(Node.start(nodeConfig("upstream")));
    }
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {front, upstream}) {
      if (node != null) {
        node.vertx().close().await();
      }
    }
    local.close().await();
  }

  private static JsonObject nodeConfig(String... roles) {
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("http").put("streamIdleTimeoutMs", 2_000);
    config.getJsonObject("upstream").put("heartbeatMs", 400);
    config.getJsonObject("auth").put("adminApiKey", ADMIN_KEY);
    config.put("cluster", new JsonObject().put("enabled", true).put("name", CLUSTER)
      .put("members", new JsonArray().add("127.0.0.1")).put("host", "127.0.0.1")
      .put("roles", new JsonArray(java.util.List.of((Object[]) roles))));
    return config;
  }

  @Test
  void streamCrossesNodesIncrementallyAndInOrder() {
    Promise<Void> sawFirst = Promise.promise();
    fake.enqueue(Reply.gated("one ", sawFirst.future(), "two three four five six seven eight"));
    StringBuilder body = new StringBuilder();
    await(http.request(post()).compose(req -> req.send(ProxyClient.chatBody(true).encode()).compose(resp -> {
      Promise<Void> end = Promise.promise();
      resp.handler(chunk -> {
        body.append(chunk);
        if (body.indexOf("\"content\":\"one \"") >= 0) {
          sawFirst.tryComplete();
        }
      });
      resp.endHandler(v -> end.complete());
      return end.future();
    })));
    String sse = body.toString();
    assertTrue(sse.indexOf("\"content\":\"one \"") < sse.indexOf("\"content\":\"two three"), sse);
    assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
  }

  @Test
  void nonStreamingAcrossNodes() {
    fake.enqueue(Reply.text("Hello from the upstream node"));
    JsonObject answer = new JsonObject(await(http.request(post())
      .compose(req -> req.send(ProxyClient.chatBody(false).encode()).compose(resp -> resp.body()))).toString());
    assertEquals("Hello from the upstream node",
      answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));
  }

  @Test
  void clientDisconnectCancelsTheCallOnTheOtherNode() {
    fake.enqueue(Reply.drip("tick ".repeat(100), 100, 50));
    HttpClient own = local.createHttpClient();
    own.request(post()).compose(req -> req.send(ProxyClient.chatBody(true).encode()).onSuccess(resp -> resp.handler(chunk -> {
      if (chunk.toString().contains("tick")) {
        resp.request().connection().close();
      }
    })));
    await(fake.awaitCancelled(1));
  }

  /** The upstream node dies while Factory has not answered yet: the request is served by another node. */
  @Test
  void callLostBeforeAnyOutputIsRetriedOnAnotherNode() {
    fake.enqueue(Reply.hang());
    Future<String> answer = http.request(post())
      .compose(req -> req.send(ProxyClient.chatBody(false).encode()).compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b)));
    waitUntil(() -> fake.callCount() == 1); // the upstream node is now calling Factory
    Node spare = await(Node.start(nodeConfig("upstream")));
    fake.enqueue(Reply.text("served by node C"));
    Node lost = upstream;
    upstream = spare;
    await(lost.vertx().close());

    String result = await(answer);
    assertTrue(result.startsWith("200 "), result);
    assertTrue(result.contains("served by node C"), result);
    assertEquals(2, fake.callCount());
  }

  /** The upstream node dies mid-stream: the client gets an error frame within the idle timeout, never a hang. */
  @Test
  void upstreamNodeLostMidStreamEndsWithAnErrorFrame() {
    fake.enqueue(Reply.drip("tock ".repeat(200), 200, 50));
    StringBuilder body = new StringBuilder();
    Promise<Void> sawText = Promise.promise();
    Future<Void> done = http.request(post()).compose(req -> req.send(ProxyClient.chatBody(true).encode()).compose(resp -> {
      Promise<Void> end = Promise.promise();
      resp.handler(chunk -> {
        body.append(chunk);
        if (body.indexOf("tock") >= 0) {
          sawText.tryComplete();
        }
      });
      resp.endHandler(v -> end.complete());
      resp.exceptionHandler(end::tryFail);
      return end.future();
    }));
    await(sawText.future());
    Node lost = upstream;
    upstream = null; // the next case starts a new one
    await(lost.vertx().close()); // hard: no goodbye from its streams
    await(done);

    String sse = body.toString();
    assertFalse(sse.contains("[DONE]"), sse);
    String last = sse.substring(sse.lastIndexOf("data: ") + 6).trim();
    JsonObject error = new JsonObject(last).getJsonObject("error");
    assertTrue(error.getString("code").equals("upstream_lost") || error.getString("code").equals("stream_truncated"), last);
  }

  @Test
  void sp8_theStatusPageListsEveryMemberWithTheRolesItAnnounced() {
    RequestOptions data = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/status/data")
      .putHeader("authorization", "Bearer " + ADMIN_KEY);
    java.util.concurrent.atomic.AtomicReference<JsonArray> nodes = new java.util.concurrent.atomic.AtomicReference<>();
    waitUntil(() -> { // a member stopped by an earlier case may take a moment to leave the list
      nodes.set(new JsonObject(await(http.request(data).compose(req -> req.send().compose(resp -> resp.body())))
        .toString()).getJsonArray("nodes"));
      return nodes.get().size() == 2;
    });
    JsonObject self = nodes.get().stream().map(JsonObject.class::cast).filter(n -> n.getBoolean("self"))
      .findFirst().orElseThrow();
    JsonObject other = nodes.get().stream().map(JsonObject.class::cast).filter(n -> !n.getBoolean("self"))
      .findFirst().orElseThrow();
    assertEquals(new JsonArray().add("http").add("translator"), self.getJsonArray("roles"));
    assertEquals(new JsonArray().add("upstream"), other.getJsonArray("roles"));
    assertTrue(self.getString("address").startsWith("127.0.0.1:"), self.encode());
    assertEquals(8, other.getString("id").length());
  }

  private static RequestOptions post() {
    return ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not reached within 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
