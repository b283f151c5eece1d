package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeGeminiRoute;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gemini from the official OpenAI Java SDK through the proxy to the strict fake of Factory's generate route, which
 * streams every answer (GR1): a non-stream client is answered from the assembled stream (GS7, GS8). Text, stream,
 * a tool loop whose thought signature goes back on the call (GR6), an upstream error and an error chunk with their
 * statuses, streams broken mid-way, and what the route must send (the Droid prompt first in
 * {@code systemInstruction}, {@code x-api-provider: google}, no {@code stream} field).
 */
class OpenAiSdkGeminiTest {
  private static final String MODEL = "gemini-3.1-pro-preview";
  private static Vertx vertx;
  private static FakeGeminiRoute fake;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeGeminiRoute.start(vertx).await();
    fake.expectKeys(ProxyUnderTest.FACTORY_KEY);
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", ProxyUnderTest.freePort());
    String url = fake.url();
    config.getJsonObject("upstream").put("apiBase", url.substring(0, url.length() - FakeGeminiRoute.PATH.length()));
    client = SdkConversations.client(ProxyUnderTest.start(vertx, config).await());
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
  }

  @Test
  void gs8_aNonStreamClientGetsTheAssembledAnswerAndWhatFactoryReceived() {
    fake.enqueue(FakeGeminiRoute.text("Hello from Gemini"));
    ChatCompletion completion = client.chat().completions().create(SdkConversations.hello(MODEL));

    assertEquals("Hello from Gemini", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(MODEL, completion.model());
    assertEquals(30, completion.usage().orElseThrow().totalTokens());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    JsonObject body = fake.lastRequest().body();
    assertEquals(new JsonArray().add(new JsonObject().put("text", FakeFactory.DROID_IDENTITY))
      .add(new JsonObject().put("text", "Answer briefly.")), body.getJsonObject("systemInstruction")
      .getJsonArray("parts"));
    assertNull(body.getValue("stream"));
    assertEquals(List.of("google", "cli", "text/event-stream"), List.of(fake.lastRequest().headers()
      .get("x-api-provider"), fake.lastRequest().headers().get("x-factory-client"),
      fake.lastRequest().headers().get("accept")));
  }

  @Test
  void aStreamArrivesInDeltas() {
    fake.enqueue(FakeGeminiRoute.text("Streamed Gemini"));
    SdkConversations.Streamed streamed = SdkConversations.stream(client, SdkConversations.hello(MODEL));

    assertEquals("Streamed Gemini", streamed.text());
    assertEquals("stop", streamed.finishReason());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
  }

  @Test
  void aToolLoopRoundTripsWithItsThoughtSignature() {
    ChatCompletionCreateParams first = SdkConversations.askWeather(MODEL);
    fake.enqueue(FakeGeminiRoute.functionCall("get_weather", new JsonObject().put("location", "Paris")));
    ChatCompletion asked = client.chat().completions().create(first);

    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, asked.choices().get(0).finishReason());
    assertEquals(new JsonObject().put("location", "Paris"), new JsonObject(asked.choices().get(0).message()
      .toolCalls().orElseThrow().get(0).asFunction().function().arguments()));
    assertEquals("get_weather", fake.lastRequest().body().getJsonArray("tools").getJsonObject(0)
      .getJsonArray("functionDeclarations").getJsonObject(0).getString("name"));

    fake.enqueue(FakeGeminiRoute.text("18°C in Paris."));
    SdkConversations.Streamed answered = SdkConversations.stream(client,
      SdkConversations.answerTool(first, asked, "18°C"));

    assertEquals("18°C in Paris.", answered.text());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    JsonArray contents = fake.lastRequest().body().getJsonArray("contents");
    JsonObject callPart = contents.getJsonObject(1).getJsonArray("parts").getJsonObject(0);
    assertEquals("get_weather", callPart.getJsonObject("functionCall").getString("name"));
    assertTrue(List.of(FakeGeminiRoute.SIGNATURE, "skip_thought_signature_validator")
      .contains(callPart.getString("thoughtSignature")), callPart.encode());
    assertEquals(new JsonObject().put("name", "get_weather").put("response", new JsonObject().put("result", "18°C")),
      contents.getJsonObject(2).getJsonArray("parts").getJsonObject(0).getJsonObject("functionResponse"));
  }

  @Test
  void anUpstreamErrorKeepsItsStatus() {
    fake.enqueue(Reply.error(400, new JsonObject().put("error", new JsonObject().put("code", 400)
      .put("message", "Invalid value at 'contents[0]'").put("status", "INVALID_ARGUMENT"))));

    BadRequestException e = assertThrows(BadRequestException.class,
      () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
    assertEquals(400, e.statusCode());
    assertTrue(e.getMessage().contains("Invalid value at 'contents[0]'"), e.getMessage());
  }

  @Test
  void ge4_anErrorChunkInTheAssembledStreamIsItsStatusNotA200() {
    fake.enqueue(FakeGeminiRoute.chunks(List.of(new JsonObject().put("error", new JsonObject().put("code", 400)
      .put("message", "Request contains an invalid argument.").put("status", "INVALID_ARGUMENT"))), false));

    BadRequestException e = assertThrows(BadRequestException.class,
      () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
    assertEquals(400, e.statusCode());
    assertTrue(e.getMessage().contains("invalid argument"), e.getMessage());
  }

  @Test
  void gs8_aNonStreamClientWhoseStreamEndsUnfinishedGetsA502() {
    JsonObject half = FakeGeminiRoute.chunk(new JsonArray().add(new JsonObject().put("text", "Hel")), null, null);
    fake.enqueue(FakeGeminiRoute.chunks(List.of(half), false));

    OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
      () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
    assertEquals(502, e.statusCode());
    assertEquals("stream_truncated", e.code().orElseThrow());
  }

  @Test
  void aStreamBrokenMidWayEndsWithAnError() {
    JsonObject half = FakeGeminiRoute.chunk(new JsonArray().add(new JsonObject().put("text", "Hel")), null, null);
    fake.enqueue(Reply.closeAfter(List.of(new SseEvent(null, half.encode()))));
    RuntimeException[] error = new RuntimeException[1];

    String text = SdkConversations.textBeforeTheError(client, SdkConversations.hello(MODEL), error);

    assertEquals("Hel", text);
    assertInstanceOf(SseException.class, error[0], String.valueOf(error[0]));
  }

  @Test
  void aNonStreamClientWhoseConnectionBreaksGetsAnErrorNotAFakeAnswer() {
    JsonObject half = FakeGeminiRoute.chunk(new JsonArray().add(new JsonObject().put("text", "Hel")), null, null);
    fake.setDefault(Reply.closeAfter(List.of(new SseEvent(null, half.encode())))); // every retry breaks too
    try {
      OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
        () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
      assertTrue(e.statusCode() >= 500, String.valueOf(e.statusCode()));
      assertInstanceOf(InternalServerException.class, e);
    } finally {
      fake.setDefault(FakeGeminiRoute.text("ok"));
    }
  }
}
