package dev.factoryproxy.client.messages;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.Message;
import dev.factoryproxy.client.messages.Fixtures.Captured;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import dev.factoryproxy.dialect.ClientDialect.HubRequest;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.route.chat.CoreChatRoute;
import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.RouteCalls;
import dev.factoryproxy.testing.RouteCalls.Answer;
import dev.factoryproxy.translate.TestSettings;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claude Code's real first request with a Core model (what claude-code-router is used for): Messages → hub
 * ({@link MessagesClient}) → Chat route ({@link CoreChatRoute}) → the strict fake of Factory's chat route, and
 * the fake's answer back through both to an Anthropic message and stream the official SDK reads.
 */
class ClaudeCodeOnCoreChatTest {
  private static final ModelInfo GLM = new ModelInfo("glm-5", "zhipu", 16384, false, false, false, false, false,
    Route.CHAT, "fireworks");
  private static final CoreChatRoute ROUTE = new CoreChatRoute(TestSettings.DROID_PROMPT);
  private static final MessagesClient CLIENT = new MessagesClient(Fixtures.settings());
  private static Vertx vertx;
  private static FakeCoreChatRoute fake;
  private static RouteCalls calls;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    fake = FakeCoreChatRoute.start(vertx).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    calls = new RouteCalls(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static HubRequest claudeCode(boolean stream) {
    Captured cc = Fixtures.claudeCodeFirstRequest();
    JsonObject body = cc.body().copy().put("model", "glm-5").put("max_tokens", 16000).put("stream", stream);
    body.getJsonObject("thinking").put("budget_tokens", 8000);
    return CLIENT.toChat(body);
  }

  @Test
  void mr14_claudeCodesRequestPassesTheChatRouteFakeAndTheAnswerComesBackAsAMessage() throws Exception {
    HubRequest hub = claudeCode(false);
    TranslatedRequest request = ROUTE.fromChat(hub.chatRequest(), GLM, 1L);
    fake.enqueue(FakeCoreChatRoute.message(new JsonObject("""
      {"role":"assistant","content":"PONG","reasoning":"Short answer."}"""), "stop"));
    Answer answer = calls.post(fake.url(), ROUTE.identityHeaders(GLM), request.body());
    assertEquals(200, answer.status(), answer.body());
    JsonObject message = CLIENT.fromChat(ROUTE.toChat(answer.json(), request.context()), hub.clientContext());
    Message parsed = ObjectMappers.jsonMapper().readValue(message.encode(), Message.class).validate();
    assertEquals("Short answer.", parsed.content().get(0).asThinking().thinking());
    assertEquals("PONG", parsed.content().get(1).asText().text());
    assertEquals("end_turn", parsed.stopReason().orElseThrow().asString());
  }

  @Test
  void mt9_theChatRoutesStreamBecomesAnthropicEventsEndingWithMessageStop() throws Exception {
    HubRequest hub = claudeCode(true);
    TranslatedRequest request = ROUTE.fromChat(hub.chatRequest(), GLM, 1L);
    fake.enqueue(FakeCoreChatRoute.message(new JsonObject("""
      {"role":"assistant","content":"","tool_calls":[{"id":"t1","type":"function",
       "function":{"name":"Bash","arguments":"{\\"command\\":\\"ls\\"}"}}]}"""), "tool_calls"));
    Answer answer = calls.post(fake.url(), ROUTE.identityHeaders(GLM), request.body());
    assertEquals(200, answer.status(), answer.body());
    StreamTranslation routeStream = ROUTE.toChatStream(request.context());
    StringBuilder hubSse = new StringBuilder();
    answer.dataLines().forEach(data -> hubSse.append(routeStream.onRawEvent(null, data)));
    hubSse.append(routeStream.onUpstreamEnd());
    ClientStream clientStream = CLIENT.fromChatStream(hub.clientContext());
    StringBuilder out = new StringBuilder();
    for (String frame : hubSse.toString().split("\n\n")) {
      String data = frame.substring("data: ".length());
      out.append(data.equals("[DONE]") ? clientStream.onDone() : clientStream.onChunk(new JsonObject(data)));
    }
    String sse = out.toString();
    assertTrue(sse.startsWith("event: message_start\n"), sse);
    assertTrue(sse.contains("\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\""), sse);
    assertTrue(sse.contains("\"stop_reason\":\"tool_use\""), sse);
    assertTrue(sse.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), sse);
  }
}
