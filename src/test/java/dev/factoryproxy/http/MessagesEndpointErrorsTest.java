package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.client.chat.ChatClient;
import dev.factoryproxy.client.messages.ClaudePassThrough;
import dev.factoryproxy.client.messages.CountTokens;
import dev.factoryproxy.client.messages.MessagesClient;
import dev.factoryproxy.client.messages.MessagesSettings;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.ops.NodeState;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The errors the HTTP role raises itself on the Messages paths ({@code /v1/messages}, its {@code ?beta=true} form,
 * {@code /v1/messages/count_tokens}, and {@code /v1/models} for a client sending {@code anthropic-version}) are in
 * Anthropic's shape with Anthropic's types (ME2): 401, 413, 429, 503 while draining. The HTTP role alone is
 * deployed (nothing behind it is needed for these), one node per limit.
 */
class MessagesEndpointErrorsTest {
  private static Vertx vertx;
  private static int open;
  private static int limited;
  private static int draining;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx.eventBus());
    open = deploy(config -> config.getJsonObject("http").put("maxBodyBytes", 4096), new NodeState());
    limited = deploy(config -> config.put("limits", new JsonObject().put("requestsPerMinute", 1)), new NodeState());
    NodeState state = new NodeState();
    draining = deploy(config -> { }, state);
    state.startDraining();
  }

  private static int deploy(java.util.function.Consumer<JsonObject> change, NodeState state) {
    int port = ProxyUnderTest.freePort();
    JsonObject json = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", port);
    change.accept(json);
    ProxyConfig config = ProxyConfig.fromJson(json);
    MessagesSettings settings = MessagesSettings.from(config.translation());
    Dialects dialects = Dialects.builder()
      .client(ChatClient.PATH, new ChatClient())
      .client(MessagesClient.PATH, new MessagesClient(settings))
      .build();
    HttpRole role = new HttpRole(config, ProxyMetrics.disabled(), state, dialects, new ClaudePassThrough(settings),
      java.util.Map.of(), null);
    vertx.deployVerticle(role.verticles(), new DeploymentOptions().setInstances(1)).await();
    return port;
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Answer call(int port, HttpMethod method, String path, String apiKey, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
      .setURI(path).putHeader("content-type", "application/json").putHeader("anthropic-version", "2023-06-01");
    if (apiKey != null) {
      options.putHeader("x-api-key", apiKey);
    }
    return new ProxyClient(vertx, port).send(options, body);
  }

  private static void assertAnthropicError(Answer answer, int status, String type) {
    assertEquals(status, answer.status(), answer.body());
    JsonObject body = answer.json();
    assertEquals("error", body.getString("type"), answer.body());
    assertEquals(type, body.getJsonObject("error").getString("type"), answer.body());
    assertEquals(String.class, body.getJsonObject("error").getValue("message").getClass());
  }

  @Test
  void me2_aWrongApiKeyIsAnAuthenticationErrorOnEveryMessagesPath() {
    for (String path : new String[] {"/v1/messages", "/v1/messages?beta=true", CountTokens.PATH + "?beta=true"}) {
      assertAnthropicError(call(open, HttpMethod.POST, path, "sk-wrong", "{}"), 401, "authentication_error");
      assertAnthropicError(call(open, HttpMethod.POST, path, null, "{}"), 401, "authentication_error");
    }
    assertAnthropicError(call(open, HttpMethod.GET, "/v1/models", "sk-wrong", ""), 401, "authentication_error");
  }

  @Test
  void me2_theModelListSpeaksOpenAiToClientsWithoutAnthropicVersion() {
    Answer answer = new ProxyClient(vertx, open).send(new RequestOptions().setHost("127.0.0.1").setPort(open)
      .setURI("/v1/models").putHeader("authorization", "Bearer sk-wrong"), "");
    assertEquals(401, answer.status());
    assertNull(answer.json().getValue("type"), answer.body());
    assertEquals("invalid_api_key", answer.json().getJsonObject("error").getString("code"));
  }

  @Test
  void me2_aBodyOverTheLimitIsRequestTooLarge() {
    String big = "{\"model\":\"claude-sonnet-4-5\",\"pad\":\"" + "x".repeat(8192) + "\"}";
    assertAnthropicError(call(open, HttpMethod.POST, "/v1/messages", ProxyUnderTest.CLIENT_KEY, big), 413,
      "request_too_large");
    assertAnthropicError(call(open, HttpMethod.POST, CountTokens.PATH, ProxyUnderTest.CLIENT_KEY, big), 413,
      "request_too_large");
  }

  @Test
  void me2_theProxysOwnRateLimitIsARateLimitError() {
    String body = "{\"model\":\"claude-sonnet-4-5\"}";
    call(limited, HttpMethod.POST, "/v1/messages", ProxyUnderTest.CLIENT_KEY, body); // the minute's one request
    Answer refused = call(limited, HttpMethod.POST, "/v1/messages", ProxyUnderTest.CLIENT_KEY, body);
    assertAnthropicError(refused, 429, "rate_limit_error");
    assertTrue(Integer.parseInt(refused.headers().get("retry-after")) >= 1, refused.headers().toString());
  }

  @Test
  void me2_aDrainingNodeAnswersAnApiErrorWithRetryAfter() {
    Answer answer = call(draining, HttpMethod.POST, "/v1/messages", ProxyUnderTest.CLIENT_KEY, "{}");
    assertAnthropicError(answer, 503, "api_error");
    assertEquals("1", answer.headers().get("retry-after"));
    assertAnthropicError(call(draining, HttpMethod.POST, CountTokens.PATH, ProxyUnderTest.CLIENT_KEY, "{}"), 503,
      "api_error");
  }

  @Test
  void mc1_aMalformedCountRequestIsA400NamingTheFieldBeforeAnyCall() {
    Answer answer = call(open, HttpMethod.POST, CountTokens.PATH, ProxyUnderTest.CLIENT_KEY,
      "{\"model\":\"claude-sonnet-4-5\"}");
    assertAnthropicError(answer, 400, "invalid_request_error");
    assertEquals("messages is required and must be an array",
      answer.json().getJsonObject("error").getString("message"));
  }
}
