package dev.factoryproxy.sandbox;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Quick start (no Factory account)" requests, as curl sends them, against the whole proxy started as
 * {@code --sandbox} starts it ({@link Node#start} with {@code sandbox.enabled}): every dialect answers, streamed and
 * not, tools and errors on request, and every answer says it came from the sandbox (docs/sandbox.md).
 */
class SandboxQuickStartTest {
  private static final String CLAUDE = "claude-sonnet-4-5-20250929";
  private static Node node;
  private static String base;

  @BeforeAll
  static void start() {
    int port = ProxyUnderTest.freePort();
    JsonObject json = ConfigLoader.load(Map.of("FACTORY_SANDBOX", "true", "PORT", Integer.toString(port),
      "HOST", "127.0.0.1", "HTTP_INSTANCES", "1", "UPSTREAM_INSTANCES", "1"));
    node = Node.start(json).await();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    node.shutdown().await();
  }

  private static MultiMap json() {
    return MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
  }

  private static JsonObject chat(String text) {
    return new JsonObject().put("model", CLAUDE).put("messages", new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", text)));
  }

  private static HttpResponse<String> post(String path, JsonObject body) {
    HttpResponse<String> response = Wire.post(base + path, json(), body);
    assertEquals("true", response.headers().firstValue(Sandbox.HEADER).orElse(null), "x-proxy-sandbox on " + path);
    return response;
  }

  @Test
  void sb1_chatCompletionEchoesWithUsage() {
    HttpResponse<String> response = post("/v1/chat/completions", chat("Hello"));
    assertEquals(200, response.statusCode(), response.body());
    JsonObject answer = new JsonObject(response.body());
    assertEquals("Sandbox answer to: Hello", answer.getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message").getString("content"));
    assertEquals("stop", answer.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertEquals(40, answer.getJsonObject("usage").getInteger("total_tokens"));
  }

  @Test
  void sb1_chatCompletionStreamsInPiecesThenDone() {
    HttpResponse<String> response = post("/v1/chat/completions", chat("Hello").put("stream", true));
    assertEquals(200, response.statusCode());
    List<Map.Entry<String, String>> events = Wire.events(response.body());
    StringBuilder text = new StringBuilder();
    events.stream().filter(e -> e.getValue().startsWith("{")).map(e -> new JsonObject(e.getValue()))
      .filter(chunk -> !chunk.getJsonArray("choices").isEmpty())
      .forEach(chunk -> text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
        .getString("content", "")));
    assertEquals("Sandbox answer to: Hello", text.toString());
    assertEquals("[DONE]", events.get(events.size() - 1).getValue());
  }

  @Test
  void sb1_messagesAnswerInAnthropicShape() {
    HttpResponse<String> response = post("/v1/messages", chat("Hello").put("max_tokens", 256));
    assertEquals(200, response.statusCode(), response.body());
    JsonObject answer = new JsonObject(response.body());
    assertEquals("message", answer.getString("type"));
    assertEquals(new JsonObject().put("type", "text").put("text", "Sandbox answer to: Hello"),
      answer.getJsonArray("content").getJsonObject(0));
    assertEquals("end_turn", answer.getString("stop_reason"));
  }

  @Test
  void sb1_responsesAnswerInResponsesShape() {
    HttpResponse<String> response = post("/v1/responses", new JsonObject().put("model", CLAUDE)
      .put("input", "Hello"));
    assertEquals(200, response.statusCode(), response.body());
    JsonObject answer = new JsonObject(response.body());
    assertEquals("completed", answer.getString("status"));
    JsonArray output = answer.getJsonArray("output");
    JsonObject message = output.getJsonObject(output.size() - 1);
    assertEquals("Sandbox answer to: Hello", message.getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  void sb1_modelsAreListed() {
    HttpResponse<String> response = Wire.get(base + "/v1/models");
    assertEquals(200, response.statusCode());
    assertEquals("true", response.headers().firstValue(Sandbox.HEADER).orElse(null));
    assertTrue(new JsonObject(response.body()).getJsonArray("data").stream()
      .anyMatch(model -> CLAUDE.equals(((JsonObject) model).getString("id"))), response.body());
  }

  @Test
  void sb2_toolDirectiveCallsTheRequestsTool() {
    JsonObject body = chat("sandbox:tool what is the weather in Paris?").put("tools", new JsonArray()
      .add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_weather")
        .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("city", new JsonObject().put("type", "string"))).put("required", new JsonArray().add("city"))))));
    HttpResponse<String> response = post("/v1/chat/completions", body);
    assertEquals(200, response.statusCode(), response.body());
    JsonObject choice = new JsonObject(response.body()).getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject function = choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0)
      .getJsonObject("function");
    assertEquals("get_weather", function.getString("name"));
    assertEquals(new JsonObject().put("city", "sandbox"), new JsonObject(function.getString("arguments")));
  }

  @Test
  void sb2_errorDirectiveAnswersThatError() {
    HttpResponse<String> response = post("/v1/chat/completions", chat("sandbox:error=429"));
    assertEquals(429, response.statusCode(), response.body());
    assertEquals("rate_limit_error", new JsonObject(response.body()).getJsonObject("error").getString("type"));
  }

  @Test
  void sb2_reasoningDirectiveAddsThinking() {
    HttpResponse<String> response = post("/v1/messages", chat("sandbox:reasoning why?").put("max_tokens", 4096)
      .put("thinking", new JsonObject().put("type", "enabled").put("budget_tokens", 1024)));
    assertEquals(200, response.statusCode(), response.body());
    JsonObject thinking = new JsonObject(response.body()).getJsonArray("content").getJsonObject(0);
    assertEquals("thinking", thinking.getString("type"));
    assertEquals("The sandbox thinks about: sandbox:reasoning why?", thinking.getString("thinking"));
  }

  /** The official OpenAI SDK parses the sandbox's answers, streamed and not, like Factory's. */
  @Test
  void sb1_openAiSdkReadsTheSandbox() {
    OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-anything").baseUrl(base + "/v1").maxRetries(0)
      .build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(CLAUDE).addUserMessage("Hi")
        .build();
      ChatCompletion completion = client.chat().completions().create(params);
      assertEquals("Sandbox answer to: Hi", completion.choices().get(0).message().content().orElseThrow());
      StringBuilder text = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
        stream.stream().filter(c -> !c.choices().isEmpty())
          .forEach(c -> c.choices().get(0).delta().content().ifPresent(text::append));
      }
      assertEquals("Sandbox answer to: Hi", text.toString());
    } finally {
      client.close();
    }
  }

  @Test
  void sb4_healthSaysSandboxCredentialsAndRoutes() {
    post("/v1/chat/completions", chat("Hello")); // a call, so the Messages route has been seen
    HttpResponse<String> response = Wire.get(base + "/health");
    assertEquals(200, response.statusCode(), response.body());
    JsonObject health = new JsonObject(response.body());
    assertEquals(true, health.getBoolean("sandbox"));
    assertEquals(new JsonObject().put("factoryKeys", 0).put("clientKeys", 0).put("clients", "open")
      .put("sandboxKey", true), health.getJsonObject("credentials"));
    assertEquals("reachable", health.getJsonObject("routes").getJsonObject("messages").getString("state"));
  }

  @Test
  void sb5_refusesToStartBesideRealFactoryKeys() {
    JsonObject json = ConfigLoader.load(Map.of("FACTORY_SANDBOX", "true", "FACTORY_API_KEY", "fk-test-0000",
      "PROXY_API_KEY", "sk-test-0000"));
    ConfigException refused = assertThrows(ConfigException.class, () -> Sandbox.checkStartable(json, Map.of()));
    assertTrue(refused.getMessage().startsWith("the sandbox (--sandbox / FACTORY_SANDBOX) will not start while real "
      + "Factory credentials are configured (1 key(s)"), refused.getMessage());
    assertThrows(ConfigException.class, () -> Sandbox.checkStartable(ConfigLoader.load(Map.of()),
      Map.of("FACTORY_API_KEYS", "fk-test-0000")));
    assertThrows(ConfigException.class, () -> Node.start(json).await());
  }

  @Test
  void sb5_neverOnByDefault() {
    assertEquals(false, Sandbox.enabled(ConfigLoader.load(Map.of())));
    assertEquals(true, Sandbox.enabled(ConfigLoader.load(Map.of("FACTORY_SANDBOX", "true"))));
  }
}
