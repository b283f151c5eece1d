package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * T16: a client that wants one answer is still served from a stream Factory was asked for, so a generation that
 * takes longer than the first-byte timeout is not cut, and a stall, a cut or an error event is never a 200.
 * Timeouts scaled down: first byte 300 ms, idle 600 ms; the answer below takes about 900 ms to generate.
 */
class AlwaysStreamTest {

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config -> {
    config.getJsonObject("http").put("requestTimeoutMs", 5_000);
    config.getJsonObject("upstream").put("firstByteTimeoutMs", 300).put("idleTimeoutMs", 600)
      .put("retry", new JsonObject().put("maxAttempts", 2).put("baseDelayMs", 5).put("maxDelayMs", 50)
        .put("budgetMs", 250));
  });

  @BeforeEach
  void reset() {
    PROXY.fake().reset();
  }

  @Test
  void t16_aOneAnswerClientIsAnsweredFromAStreamLongerThanTheFirstByteTimeout() {
    PROXY.fake().setDefault(Reply.drip("abcdefghi", 9, 100));
    Answer answer = PROXY.client().chat(false);
    assertEquals(200, answer.status(), answer.body());
    assertEquals(Boolean.TRUE, PROXY.fake().lastRequest().body().getBoolean("stream"), "Factory was asked to stream");
    JsonObject choice = answer.json().getJsonArray("choices").getJsonObject(0);
    assertEquals("chat.completion", answer.json().getString("object"));
    assertEquals("abcdefghi", choice.getJsonObject("message").getString("content"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertTrue(answer.json().getJsonObject("usage").getInteger("completion_tokens") > 0, answer.body());
  }

  @Test
  void t16_aOneAnswerStreamThatStallsIsA504NotAPartialAnswer() {
    PROXY.fake().setDefault(Reply.stallAfter(Reply.streamOpening("Hel")));
    Answer answer = PROXY.client().chat(false);
    assertEquals(504, answer.status(), answer.body());
    assertEquals("timeout", answer.error().getString("code"));
    assertFalse(answer.body().contains("Hel"));
  }

  @Test
  void t16_aOneAnswerStreamCutShortIsAnErrorNeverASuccess() {
    PROXY.fake().setDefault(Reply.closeAfter(Reply.streamOpening("Hel")));
    Answer answer = PROXY.client().chat(false);
    assertEquals(502, answer.status(), answer.body());
    assertFalse(answer.body().contains("Hel"));
  }

  @Test
  void t16_anErrorEventInTheStreamIsAnsweredAsItsHttpError() {
    JsonObject error = new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", "invalid_request_error").put("message", "prompt is too long"));
    PROXY.fake().setDefault(Reply.events(List.of(new SseEvent("error", error.encode()))));
    Answer answer = PROXY.client().chat(false);
    assertEquals(400, answer.status(), answer.body());
    assertEquals("prompt is too long", answer.error().getString("message"));
  }

  @Test
  void t16_theMessagesPassThroughAlsoStreamsAndAnswersTheWholeMessage() {
    PROXY.fake().setDefault(Reply.drip("hello world", 4, 100));
    JsonObject body = new JsonObject().put("model", "claude-sonnet-4-5-20250929").put("max_tokens", 100)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(PROXY.port())
      .setURI("/v1/messages").putHeader("x-api-key", ProxyUnderTest.CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01").putHeader("content-type", "application/json");
    Answer answer = PROXY.client().send(options, body.encode());
    assertEquals(200, answer.status(), answer.body());
    assertEquals(Boolean.TRUE, PROXY.fake().lastRequest().body().getBoolean("stream"));
    JsonObject message = answer.json();
    assertEquals("message", message.getString("type"));
    assertEquals(new JsonArray().add(new JsonObject().put("type", "text").put("text", "hello world")),
      message.getJsonArray("content"));
    assertEquals("end_turn", message.getString("stop_reason"));
  }
}
