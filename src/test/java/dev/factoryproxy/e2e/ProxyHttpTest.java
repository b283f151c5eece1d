package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.SseEvent;
import dev.factoryproxy.testing.ProxyClient;
import static dev.factoryproxy.testing.ProxyClient.await;

import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's HTTP behaviour seen from a plain HTTP client: validation, errors, timeouts, streaming mechanics. */
class ProxyHttpTest {
  private static final String MODEL = ProxyClient.MODEL;
  private static Vertx vertx;
  private static FakeFactory fake;
  private static HttpClient http;
  private static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("http").put("maxBodyBytes", 64 * 1024);
    config.getJsonObject("upstream").put("firstByteTimeoutMs", 1_000).put("idleTimeoutMs", 2_000)
      .put("retry", new JsonObject().put("maxAttempts", 2).put("baseDelayMs", 10).put("maxDelayMs", 100).put("budgetMs", 1_500));
    ProxyUnderTest.start(vertx, config).await();
    http = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static RequestOptions post(String path) {
    return ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY).setURI(path);
  }

  /** Sends and reads the whole answer. */
  private static Answer send(RequestOptions options, Buffer body) {
    return await(http.request(options)
      .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp, b.toString())))));
  }

  record Answer(int status, HttpClientResponse response, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonObject error() {
      return json().getJsonObject("error");
    }
  }

  @Test
  void invalidJsonIs400AndFactoryIsNotCalled() {
    Answer a = send(post("/v1/chat/completions"), Buffer.buffer("{\"model\": "));
    assertEquals(400, a.status());
    assertEquals("invalid_request_error", a.error().getString("type"));
    assertEquals(0, fake.callCount());
  }

  @Test
  void missingMessagesIs400NamingTheField() {
    Answer a = send(post("/v1/chat/completions"), new JsonObject().put("model", MODEL).toBuffer());
    assertEquals(400, a.status());
    assertEquals("messages", a.error().getString("param"));
    assertEquals(0, fake.callCount());
  }

  @Test
  void unknownRoleIs400NamingTheField() {
    JsonObject body = ProxyClient.chatBody(false);
    body.getJsonArray("messages").getJsonObject(0).put("role", "robot");
    Answer a = send(post("/v1/chat/completions"), body.toBuffer());
    assertEquals(400, a.status());
    assertEquals("messages[0].role", a.error().getString("param"));
    assertEquals(0, fake.callCount());
  }

  @Test
  void bodyOverTheLimitIs413() {
    JsonObject body = ProxyClient.chatBody(false);
    body.getJsonArray("messages").getJsonObject(0).put("content", "x".repeat(70 * 1024));
    Answer a = send(post("/v1/chat/completions"), body.toBuffer());
    assertEquals(413, a.status());
    assertEquals("request_too_large", a.error().getString("code"));
    assertEquals(0, fake.callCount());
  }

  @Test
  void modelsListsTheConfiguredModels() {
    Answer a = send(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/v1/models")
      .putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY), Buffer.buffer());
    assertEquals(200, a.status());
    JsonObject list = a.json();
    assertEquals("list", list.getString("object"));
    JsonObject first = list.getJsonArray("data").getJsonObject(0);
    assertEquals(new JsonObject().put("id", MODEL).put("object", "model").put("created", 1_700_000_000L)
      .put("owned_by", "anthropic"), first);
  }

  @Test
  void healthIsHealthyAndNeverCallsFactory() {
    Answer a = send(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/health"), Buffer.buffer());
    assertEquals(200, a.status());
    JsonObject health = a.json();
    assertEquals("healthy", health.getString("status"));
    // the timestamp is now and the uptime whole seconds since start: both bounded, so both can fail
    long skewMs = Math.abs(java.time.Instant.parse(health.getString("timestamp")).toEpochMilli()
      - System.currentTimeMillis());
    assertTrue(skewMs < 60_000, "timestamp is the current time: " + health.getString("timestamp"));
    long jvmUptimeSeconds = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
    long uptime = health.getLong("uptime");
    assertTrue(uptime >= 0 && uptime <= jvmUptimeSeconds, "uptime in seconds since the proxy started: " + uptime);
    assertEquals("UP", health.getJsonObject("checks").getJsonObject("translator").getString("status"));
    assertEquals("UP", health.getJsonObject("checks").getJsonObject("upstream").getString("status"));
    assertEquals(0, fake.callCount());
  }

  /** The first-byte timeout ends each call; the one retry the budget allows times out too. */
  @Test
  void upstreamThatNeverAnswersGets504WithinTheTimeout() {
    fake.setDefault(Reply.hang());
    Answer a = send(post("/v1/chat/completions"), ProxyClient.chatBody(false).toBuffer());
    assertEquals(504, a.status());
    assertEquals("timeout", a.error().getString("code"));
    assertEquals(2, fake.callCount());
  }

  @Test
  void unreachableUpstreamIs502() {
    int deadPort = ProxyUnderTest.freePort();
    Vertx other = Vertx.vertx();
    try {
      int p = ProxyUnderTest.freePort();
      ProxyUnderTest.start(other, ProxyUnderTest.config("http://127.0.0.1:" + deadPort + "/api/llm/a/v1/messages", p)).await();
      Answer a = send(post("/v1/chat/completions").setPort(p), ProxyClient.chatBody(false).toBuffer());
      assertEquals(502, a.status());
      assertEquals("upstream_unreachable", a.error().getString("code"));
    } finally {
      other.close().await();
    }
  }

  /** T14: the upstream connection breaks mid-stream → an error frame, no finish chunk, no [DONE]. */
  @Test
  void truncatedStreamEndsWithAnErrorFrame() {
    fake.enqueue(Reply.closeAfter(List.of(
      new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"" + MODEL + "\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}", 0),
      new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", 0),
      new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}", 0))));
    Answer a = send(post("/v1/chat/completions"), ProxyClient.chatBody(true).toBuffer());
    assertEquals(200, a.status());
    List<String> frames = frames(a.body());
    assertEquals("Hel", new JsonObject(frames.get(1)).getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
    JsonObject last = new JsonObject(frames.get(frames.size() - 1));
    assertEquals("stream_truncated", last.getJsonObject("error").getString("code"));
    assertFalse(a.body().contains("[DONE]"));
    assertFalse(a.body().contains("\"finish_reason\":\"stop\""));
  }

  /** T13: an error as the stream's first event is still a normal HTTP error (status from its type, JSON body). */
  @Test
  void t13_errorBeforeAnyOutputIsAnHttpError() {
    fake.enqueue(Reply.events("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
      + "\"message\":\"prompt is too long: 250000 tokens > 200000 maximum\"}}\n\n"));
    Answer a = send(post("/v1/chat/completions"), ProxyClient.chatBody(true).toBuffer());
    assertEquals(400, a.status());
    assertEquals("application/json", a.response().getHeader("content-type"));
    assertEquals(new JsonObject().put("message", "prompt is too long: 250000 tokens > 200000 maximum")
      .put("type", "invalid_request_error").put("param", null).put("code", "context_length_exceeded"), a.error());
  }

  /** T12: an error event mid-stream → an error frame, then the end: no finish chunk, no [DONE]. */
  @Test
  void t12_midStreamErrorEndsWithAnErrorFrame() {
    fake.enqueue(Reply.events(List.of(
      new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"" + MODEL + "\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}", 0),
      new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", 0),
      new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}", 0),
      new SseEvent("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", 0))));
    Answer a = send(post("/v1/chat/completions"), ProxyClient.chatBody(true).toBuffer());
    assertEquals(200, a.status());
    List<String> frames = frames(a.body());
    assertEquals(new JsonObject().put("message", "Overloaded").put("type", "overloaded_error").put("param", null)
      .put("code", "overloaded"), new JsonObject(frames.get(frames.size() - 1)).getJsonObject("error"));
    assertFalse(a.body().contains("[DONE]"));
    assertFalse(a.body().contains("\"finish_reason\":\"stop\""));
  }

  /** Chunks reach the client while Factory is still generating: the fake waits for the client's first chunk. */
  @Test
  void streamReachesTheClientIncrementally() {
    Promise<Void> clientSawFirstText = Promise.promise();
    fake.enqueue(Reply.gated("Hello", clientSawFirstText.future(), " world"));
    StringBuilder received = new StringBuilder();
    Future<Void> done = http.request(post("/v1/chat/completions"))
      .compose(req -> req.send(ProxyClient.chatBody(true).toBuffer()).compose(resp -> {
        Promise<Void> end = Promise.promise();
        resp.handler(chunk -> {
          received.append(chunk);
          if (received.toString().contains("\"content\":\"Hello\"")) {
            clientSawFirstText.tryComplete(); // only now does the fake send the rest
          }
        });
        resp.endHandler(v -> end.complete());
        return end.future();
      }));
    await(done);
    assertTrue(received.toString().contains("\"content\":\" world\""), received.toString());
    assertTrue(received.toString().endsWith("data: [DONE]\n\n"), received.toString());
  }

  /** A client that goes away cancels the upstream request, so Factory stops generating (and billing). */
  @Test
  void clientDisconnectCancelsTheUpstreamCall() {
    fake.enqueue(Reply.drip("tick ".repeat(200), 200, 50));
    HttpClient own = vertx.createHttpClient();
    own.request(post("/v1/chat/completions"))
      .compose(req -> req.send(ProxyClient.chatBody(true).toBuffer()).onSuccess(resp -> resp.handler(chunk -> {
        if (chunk.toString().contains("tick")) {
          resp.request().connection().close(); // leave after the first text
        }
      })));
    await(fake.awaitCancelled(1));
    assertEquals(1, fake.cancelledStreams());
  }

  static List<String> frames(String sse) {
    return java.util.Arrays.stream(sse.split("\n\n"))
      .filter(f -> f.startsWith("data: "))
      .map(f -> f.substring(6))
      .filter(f -> !f.equals("[DONE]"))
      .toList();
  }
}
