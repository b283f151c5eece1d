package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Messages client as the composition root wires it ({@code POST /v1/messages}, Anthropic-style key), against
 * the strict fake Factory: a Claude model goes through the pass-through, answers and errors in Anthropic's shape.
 */
class MessagesWiringTest {

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture();

  @BeforeEach
  void reset() {
    PROXY.fake().reset();
  }

  private static Answer messages(JsonObject body, String beta) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(PROXY.port())
      .setURI("/v1/messages").putHeader("x-api-key", ProxyUnderTest.CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01").putHeader("content-type", "application/json");
    if (beta != null) {
      options.putHeader("anthropic-beta", beta);
    }
    return PROXY.client().send(options, body.encode());
  }

  private static JsonObject hello(boolean stream) {
    return new JsonObject().put("model", ProxyClient.MODEL).put("max_tokens", 256).put("stream", stream)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
  }

  @Test
  void aClaudeRequestIsPassedThroughAndAnsweredAsAMessage() {
    PROXY.fake().enqueue(Reply.text("Hello from Claude"));
    Answer answer = messages(hello(false), "not-a-factory-beta");
    assertEquals(200, answer.status(), answer.body());
    assertEquals("message", answer.json().getString("type"));
    assertEquals("Hello from Claude", answer.json().getJsonArray("content").getJsonObject(0).getString("text"));
    assertEquals(1, PROXY.fake().callCount());
  }

  @Test
  void aStreamComesBackAsMessagesEvents() {
    PROXY.fake().enqueue(Reply.text("Streamed"));
    Answer answer = messages(hello(true), null);
    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.body().contains("event: message_start"), answer.body());
    assertTrue(answer.body().contains("event: message_stop"), answer.body());
    assertFalse(answer.body().contains("[DONE]"), answer.body());
  }

  @Test
  void me3_aStreamFactoryCutsOffEndsWithAnErrorEventNotAMessageStop() {
    PROXY.fake().enqueue(Reply.closeAfter(Reply.streamOpening("Half an ans")));
    Answer answer = messages(hello(true), null);
    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.body().contains("Half an ans"), answer.body());
    assertFalse(answer.body().contains("event: message_stop"), answer.body());
    String last = answer.body().substring(answer.body().lastIndexOf("event: "));
    assertTrue(last.startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\""), last);
  }

  @Test
  void mp4_thePathClaudeCodeCallsIsServedAndItsBetasAreFiltered() {
    PROXY.fake().enqueue(Reply.text("Hello"));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(PROXY.port())
      .setURI("/v1/messages?beta=true").putHeader("x-api-key", ProxyUnderTest.CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01").putHeader("content-type", "application/json")
      .putHeader("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
    Answer answer = PROXY.client().send(options, hello(false).encode());
    assertEquals(200, answer.status(), answer.body());
    assertEquals("interleaved-thinking-2025-05-14", PROXY.fake().lastRequest().headers().get("anthropic-beta"));
    assertEquals("anthropic-beta claude-code-20250219 dropped: Factory does not accept it",
      answer.headers().get("x-proxy-warning"));
  }

  @Test
  void aMalformedRequestIsAnAnthropicShapedErrorBeforeAnyCall() {
    Answer answer = messages(new JsonObject().put("model", ProxyClient.MODEL), null);
    assertEquals(400, answer.status(), answer.body());
    JsonObject body = answer.json();
    assertEquals("error", body.getString("type"));
    assertEquals("invalid_request_error", body.getJsonObject("error").getString("type"));
    assertEquals(0, PROXY.fake().callCount());
  }
}
