package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.client.chat.ChatClient;
import dev.factoryproxy.client.messages.ClaudePassThrough;
import dev.factoryproxy.client.messages.MessagesSettings;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.ops.NodeState;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every registered client dialect gets its own {@code POST} endpoint from the same handler, and the errors raised
 * on the way (authentication, malformed JSON, no translator) are rendered in that dialect. The HTTP role alone is
 * deployed, with plain objects, as the composition root would.
 */
class ClientEndpointsTest {
  private static Vertx vertx;
  private static ProxyClient client;
  private static int port;

  /** Wraps the hub's error as {@code {"type":"error","status":…,"error":{…}}}, like Anthropic's shape. */
  private static final class WrappingClient implements ClientDialect {
    public String name() {
      return "wrapping";
    }

    public HubRequest toChat(JsonObject clientRequest) {
      return new HubRequest(clientRequest, new JsonObject(), List.of());
    }

    public JsonObject fromChat(JsonObject chatCompletion, JsonObject clientContext) {
      return chatCompletion;
    }

    public ClientStream fromChatStream(JsonObject clientContext) {
      throw new UnsupportedOperationException();
    }

    public JsonObject errorBody(int status, JsonObject openAiError) {
      return new JsonObject().put("type", "error").put("status", status).put("error", openAiError.getValue("error"));
    }

    public String streamErrorFrame(JsonObject openAiError) {
      return "event: error\ndata: " + openAiError.encode() + "\n\n";
    }
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx.eventBus());
    port = ProxyUnderTest.freePort();
    ProxyConfig config = ProxyConfig.fromJson(ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages",
      port));
    Dialects dialects = Dialects.builder()
      .client(ChatClient.PATH, new ChatClient())
      .client("/v1/wrapped", new WrappingClient())
      .build();
    HttpRole role = new HttpRole(config, ProxyMetrics.disabled(), new NodeState(), dialects,
      new ClaudePassThrough(MessagesSettings.from(config.translation())), java.util.Map.of(), null);
    vertx.deployVerticle(role.verticles(), new DeploymentOptions().setInstances(1)).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Answer post(String path, String key, String body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI(path).putHeader("content-type", "application/json");
    if (key != null) {
      options.putHeader("authorization", "Bearer " + key);
    }
    return client.send(options, body);
  }

  @Test
  void eachDialectAnswersOnItsOwnPathInItsOwnErrorShape() {
    Answer wrapped = post("/v1/wrapped", "sk-wrong", "{}");
    assertEquals(401, wrapped.status());
    JsonObject body = new JsonObject(wrapped.body());
    assertEquals("error", body.getString("type"));
    assertEquals(401, body.getInteger("status"));
    assertEquals("invalid_api_key", body.getJsonObject("error").getString("code"));

    Answer chat = post(ChatClient.PATH, "sk-wrong", "{}");
    assertEquals(401, chat.status());
    assertEquals(body.getJsonObject("error"), new JsonObject(chat.body()).getJsonObject("error"));
    assertEquals(null, new JsonObject(chat.body()).getValue("type")); // OpenAI's shape, unchanged
  }

  @Test
  void malformedJsonIsA400InTheDialectsShape() {
    Answer answer = post("/v1/wrapped", ProxyUnderTest.CLIENT_KEY, "{\"model\":");
    assertEquals(400, answer.status());
    JsonObject body = new JsonObject(answer.body());
    assertEquals("error", body.getString("type"));
    assertEquals("invalid_request_error", body.getJsonObject("error").getString("type"));
  }

  @Test
  void noTranslatorIsA503InTheDialectsShape() {
    Answer answer = post("/v1/wrapped", ProxyUnderTest.CLIENT_KEY, "{\"model\":\"claude-x\"}");
    assertEquals(503, answer.status());
    JsonObject body = new JsonObject(answer.body());
    assertEquals("error", body.getString("type"));
    assertEquals("service_unavailable", body.getJsonObject("error").getString("code"));
  }

  @Test
  void aPathNoDialectRegisteredIsA404() {
    assertEquals(404, post("/v1/messages", ProxyUnderTest.CLIENT_KEY, "{}").status());
  }
}
