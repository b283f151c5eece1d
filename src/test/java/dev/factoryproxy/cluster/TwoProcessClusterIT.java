package dev.factoryproxy.cluster;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.JarProcess;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.ProxyClient;
import static dev.factoryproxy.testing.ProxyClient.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real processes of the fat jar on loopback, clustered through Hazelcast with split roles: a front node
 * (http, translator) and an upstream node. Driven over HTTP like production; SIGTERM drains the front node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoProcessClusterIT {
  private static final Path JAR = JarProcess.JAR;
  private static final Path LOGS = JarProcess.LOGS;
  private static Vertx vertx;
  private static FakeFactory fake;
  private static ProxyClient client;
  private static int port;
  private static Process upstreamNode;
  private static Process frontNode;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.exists(JAR), "run `mvn package` first: " + JAR + " is missing");
    Files.createDirectories(LOGS);
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    client = new ProxyClient(vertx, port);
    String cluster = "factory-proxy-it-" + UUID.randomUUID();

    Map<String, String> common = new HashMap<>();
    common.put("PROXY_CLUSTER", "true");
    common.put("PROXY_CLUSTER_NAME", cluster);
    common.put("PROXY_CLUSTER_MEMBERS", "127.0.0.1");
    common.put("PROXY_CLUSTER_HOST", "127.0.0.1");
    common.put("STREAM_IDLE_TIMEOUT_MS", "3000");
    common.put("UPSTREAM_HEARTBEAT_MS", "500");
    Map<String, String> upstream = new HashMap<>(common);
    upstream.put("PROXY_ROLES", "upstream");
    upstream.put("ANTHROPIC_TARGET_URL", fake.url());
    upstream.put("FACTORY_API_KEY", ProxyUnderTest.FACTORY_KEY);
    Map<String, String> front = new HashMap<>(common);
    front.put("PROXY_ROLES", "http,translator");
    front.put("PORT", Integer.toString(port));
    front.put("HOST", "127.0.0.1");
    front.put("PROXY_API_KEY", ProxyUnderTest.CLIENT_KEY);
    front.put("DRAIN_TIMEOUT_MS", "20000");

    upstreamNode = JarProcess.launch("upstream", upstream);
    frontNode = JarProcess.launch("front", front);
    waitForHealthyCluster();
  }

  @AfterAll
  static void stop() {
    for (Process p : new Process[] {frontNode, upstreamNode}) {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
    vertx.close().await();
  }


  /** Health is 200 only when the front node reaches a translator and an upstream on the bus. */
  private static void waitForHealthyCluster() throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(frontNode.isAlive() && upstreamNode.isAlive(), "a node exited; see " + LOGS);
      try {
        if (get("/health").startsWith("200")) {
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the two-node cluster did not become healthy in 90 s; see " + LOGS);
  }

  @Test
  @Order(1)
  void textAndStreamCrossTheTwoProcesses() {
    fake.enqueue(Reply.text("Hello across processes"));
    String answer = post(ProxyClient.chatBody(false));
    assertTrue(answer.startsWith("200 ") && answer.contains("Hello across processes"), answer);

    fake.enqueue(Reply.text("one two three four"));
    String stream = post(ProxyClient.chatBody(true));
    assertTrue(stream.startsWith("200 "), stream);
    assertTrue(stream.contains("\"role\":\"assistant\"") && stream.endsWith("data: [DONE]\n\n"), stream);
    assertEquals("Bearer " + ProxyUnderTest.FACTORY_KEY, fake.lastRequest().headers().get("authorization"));
  }

  /** The official OpenAI SDK against the running jars: a text conversation and a stream. */
  @Test
  @Order(2)
  void openAiSdkThroughTheRunningJars() {
    com.openai.client.OpenAIClient sdk = com.openai.client.okhttp.OpenAIOkHttpClient.builder()
      .apiKey(ProxyUnderTest.CLIENT_KEY).baseUrl("http://127.0.0.1:" + port + "/v1").maxRetries(0).build();
    try {
      var params = com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
        .model("claude-sonnet-4-5-20250929").addUserMessage("Say hello").build();
      fake.enqueue(Reply.text("Hello from the jar"));
      assertEquals("Hello from the jar",
        sdk.chat().completions().create(params).choices().get(0).message().content().orElseThrow());

      fake.enqueue(Reply.text("Streamed from the jar"));
      StringBuilder text = new StringBuilder();
      try (var stream = sdk.chat().completions().createStreaming(params)) {
        stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
      }
      assertEquals("Streamed from the jar", text.toString());
    } finally {
      sdk.close();
    }
  }

  /** SIGTERM on the front node: the stream in flight finishes, new requests are refused, then the process exits. */
  @Test
  @Order(3)
  void sigtermDrainsTheFrontNode() throws Exception {
    fake.enqueue(Reply.drip("drip ".repeat(10), 10, 200)); // ~2 s of stream
    int before = fake.callCount();
    java.util.concurrent.CompletableFuture<String> inFlight =
      java.util.concurrent.CompletableFuture.supplyAsync(() -> post(ProxyClient.chatBody(true)));
    long deadline = System.currentTimeMillis() + 20_000;
    while (fake.callCount() <= before && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    frontNode.destroy(); // SIGTERM: delivered asynchronously, so wait until the node says it is draining
    deadline = System.currentTimeMillis() + 10_000;
    while (!getOrRefused("/health").matches("(?s)503 .*|refused") && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    String refused = postOrRefused(ProxyClient.chatBody(false));
    assertTrue(refused.startsWith("503") || refused.equals("refused"), refused);

    String stream = inFlight.get(30, TimeUnit.SECONDS);
    assertTrue(stream.endsWith("data: [DONE]\n\n"), stream);
    assertTrue(frontNode.waitFor(30, TimeUnit.SECONDS), "the front node did not exit after draining");
  }

  private static String get(String path) {
    ProxyClient.Answer answer = client.get(path);
    return answer.status() + " " + answer.body();
  }

  private static String post(JsonObject body) {
    ProxyClient.Answer answer = client.send(ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY), body.encode());
    return answer.status() + " " + answer.body();
  }

  private static String getOrRefused(String path) {
    try {
      return get(path);
    } catch (Exception e) {
      return "refused";
    }
  }

  private static String postOrRefused(JsonObject body) {
    try {
      return post(body);
    } catch (Exception e) {
      return "refused"; // the listener is already closed: also a refusal
    }
  }

  static List<String> logs() throws IOException {
    return Files.readAllLines(LOGS.resolve("front.log"));
  }
}
