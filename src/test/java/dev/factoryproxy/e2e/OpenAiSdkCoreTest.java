package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Droid Core models (GLM, Kimi) from the official OpenAI Java SDK through the proxy to the strict fake of
 * Factory's Chat route: text, stream, a tool loop (with the route's quirks: {@code content: ""} on the assistant's
 * call turn, {@code name} on Kimi's tool results), an upstream error, a stream broken mid-way, and what the route
 * must send (the Droid prompt as the first system message, {@code x-api-provider: fireworks}).
 */
class OpenAiSdkCoreTest {
  private static Vertx vertx;
  private static FakeCoreChatRoute fake;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeCoreChatRoute.start(vertx).await();
    fake.expectKeys(ProxyUnderTest.FACTORY_KEY);
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", ProxyUnderTest.freePort());
    String url = fake.url();
    config.getJsonObject("upstream").put("apiBase", url.substring(0, url.length() - FakeCoreChatRoute.PATH.length()));
    client = SdkConversations.client(ProxyUnderTest.start(vertx, config).await());
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"glm-5", "kimi-k2.5"})
  void ct9_aOneAnswerClientIsServedFromAStreamFactoryWasAskedFor(String model) {
    fake.enqueue(FakeCoreChatRoute.text("Assembled " + model));
    ChatCompletion completion = client.chat().completions().create(SdkConversations.hello(model));

    assertEquals("Assembled " + model, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(25, completion.usage().orElseThrow().totalTokens());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    assertEquals(true, fake.lastRequest().body().getBoolean("stream"), "Factory was asked to stream");
  }

  @ParameterizedTest
  @ValueSource(strings = {"glm-5", "kimi-k2.5"})
  void aTextAnswerAndWhatFactoryReceived(String model) {
    fake.enqueue(FakeCoreChatRoute.text("Hello from " + model));
    ChatCompletion completion = client.chat().completions().create(SdkConversations.hello(model));

    assertEquals("Hello from " + model, completion.choices().get(0).message().content().orElseThrow());
    assertEquals(model, completion.model());
    assertEquals(25, completion.usage().orElseThrow().totalTokens());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    JsonArray messages = fake.lastRequest().body().getJsonArray("messages");
    assertTrue(messages.getJsonObject(0).getString("content").startsWith(FakeFactory.DROID_IDENTITY),
      messages.encode());
    assertEquals(model, fake.lastRequest().body().getString("model"));
    assertEquals(List.of("fireworks", "cli"), List.of(fake.lastRequest().headers().get("x-api-provider"),
      fake.lastRequest().headers().get("x-factory-client")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"glm-5", "kimi-k2.5"})
  void aStreamArrivesInDeltas(String model) {
    fake.enqueue(FakeCoreChatRoute.text("Streamed " + model));
    SdkConversations.Streamed streamed = SdkConversations.stream(client, SdkConversations.hello(model));

    assertEquals("Streamed " + model, streamed.text());
    assertEquals("stop", streamed.finishReason());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
  }

  @ParameterizedTest
  @ValueSource(strings = {"glm-5", "kimi-k2.5"})
  void aToolLoopRoundTrips(String model) {
    ChatCompletionCreateParams first = SdkConversations.askWeather(model);
    JsonObject call = new JsonObject().put("id", "call_core_1").put("type", "function").put("function",
      new JsonObject().put("name", "get_weather").put("arguments", "{\"location\":\"Paris\"}"));
    fake.enqueue(FakeCoreChatRoute.message(new JsonObject().put("role", "assistant").put("content", "")
      .put("tool_calls", new JsonArray().add(call)), "tool_calls"));
    ChatCompletion asked = client.chat().completions().create(first);

    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, asked.choices().get(0).finishReason());
    assertEquals("call_core_1", asked.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().id());

    fake.enqueue(FakeCoreChatRoute.text("18°C in Paris."));
    ChatCompletion answered = client.chat().completions().create(SdkConversations.answerTool(first, asked, "18°C"));

    assertEquals("18°C in Paris.", answered.choices().get(0).message().content().orElseThrow());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    JsonArray messages = fake.lastRequest().body().getJsonArray("messages");
    JsonObject assistant = messages.getJsonObject(messages.size() - 2);
    JsonObject tool = messages.getJsonObject(messages.size() - 1);
    assertEquals("", assistant.getString("content"));
    assertEquals("call_core_1", tool.getString("tool_call_id"));
    assertEquals("18°C", tool.getString("content"));
    if (model.startsWith("kimi")) {
      assertEquals("get_weather", tool.getString("name"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"glm-5"})
  void anUpstreamErrorKeepsItsStatusAndShape(String model) {
    fake.enqueue(Reply.error(400, new JsonObject().put("error", new JsonObject()
      .put("message", "messages[1]: unexpected role").put("type", "invalid_request_error")
      .put("code", "invalid_value"))));

    BadRequestException e = assertThrows(BadRequestException.class,
      () -> client.chat().completions().create(SdkConversations.hello(model)));
    assertEquals(400, e.statusCode());
    assertTrue(e.getMessage().contains("unexpected role"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kimi-k2.5"})
  void aStreamBrokenMidWayEndsWithAnError(String model) {
    fake.enqueue(Reply.closeAfter(List.of(
      new SseEvent(null, FakeCoreChatRoute.chunk(model, new JsonObject().put("role", "assistant").put("content", ""),
        null).encode()),
      new SseEvent(null, FakeCoreChatRoute.chunk(model, new JsonObject().put("content", "Hel"), null).encode()))));
    RuntimeException[] error = new RuntimeException[1];

    String text = SdkConversations.textBeforeTheError(client, SdkConversations.hello(model), error);

    assertEquals("Hel", text);
    assertInstanceOf(SseException.class, error[0], String.valueOf(error[0]));
  }
}
