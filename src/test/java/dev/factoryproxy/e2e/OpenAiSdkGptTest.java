package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.models.Model;
import dev.factoryproxy.testing.FakeResponsesRoute;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.ResponsesEvents;
import dev.factoryproxy.testing.ResponsesReply;
import dev.factoryproxy.testing.SseEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPT from the official OpenAI Java SDK through the proxy to the strict fake of Factory's Responses route (issue 12
 * "Done when"): text, stream, a tool loop, an upstream error and a failed response (OE4) with their statuses, a
 * stream broken mid-way, and what the route must send (the Droid prompt in {@code instructions}, the identity
 * headers of the route and of the model's provider).
 */
class OpenAiSdkGptTest {
  private static final String MODEL = "gpt-5.4";
  private static Vertx vertx;
  private static FakeResponsesRoute fake;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeResponsesRoute.start(vertx).await().expectKeys(ProxyUnderTest.FACTORY_KEY);
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", ProxyUnderTest.freePort());
    config.getJsonObject("upstream").put("apiBase", fake.apiBase());
    client = SdkConversations.client(ProxyUnderTest.start(vertx, config).await());
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
  }

  private static JsonObject functionCallResponse() {
    JsonObject call = new JsonObject().put("type", "function_call").put("id", "fc_fake_1").put("call_id", "call_w1")
      .put("name", "get_weather").put("arguments", "{\"location\":\"Paris\"}").put("status", "completed");
    JsonObject response = ResponsesReply.textResponse("Let me check.");
    response.getJsonArray("output").add(call);
    return response;
  }

  @Test
  void aTextAnswerAndWhatFactoryReceived() {
    fake.enqueue(ResponsesReply.text("Hello from GPT"));
    ChatCompletion completion = client.chat().completions().create(SdkConversations.hello(MODEL));

    assertEquals("Hello from GPT", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(MODEL, completion.model());
    assertEquals(30, completion.usage().orElseThrow().totalTokens());
    FakeResponsesRoute.Received got = fake.lastRequest();
    assertNull(got.rejection(), got.rejection());
    assertEquals(FakeResponsesRoute.DROID_IDENTITY + "\n\nAnswer briefly.", got.body().getString("instructions"));
    assertEquals(false, got.body().getBoolean("store"));
    MultiMap headers = got.headers();
    assertEquals(List.of("openai", "cli", "js", ProxyUnderTest.config("http://x", 1).getJsonObject("upstream")
        .getString("clientVersion")),
      List.of(headers.get("x-api-provider"), headers.get("x-factory-client"), headers.get("x-stainless-lang"),
        headers.get("x-client-version")));
    assertNull(headers.get("anthropic-version"));
  }

  @Test
  void aStreamArrivesInDeltas() {
    fake.enqueue(ResponsesReply.text("Streamed GPT"));
    SdkConversations.Streamed streamed = SdkConversations.stream(client, SdkConversations.hello(MODEL));

    assertEquals("Streamed GPT", streamed.text());
    assertEquals("stop", streamed.finishReason());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    assertEquals(true, fake.lastRequest().body().getBoolean("stream"));
  }

  @Test
  void aToolLoopRoundTrips() {
    ChatCompletionCreateParams first = SdkConversations.askWeather(MODEL);
    fake.enqueue(ResponsesReply.response(functionCallResponse()));
    ChatCompletion asked = client.chat().completions().create(first);

    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, asked.choices().get(0).finishReason());
    ChatCompletionMessageFunctionToolCall call = asked.choices().get(0).message().toolCalls().orElseThrow().get(0)
      .asFunction();
    assertEquals("call_w1", call.id());
    assertEquals(new JsonObject().put("location", "Paris"), new JsonObject(call.function().arguments()));
    JsonObject tool = fake.lastRequest().body().getJsonArray("tools").getJsonObject(0);
    assertEquals("function", tool.getString("type"));
    assertEquals("get_weather", tool.getString("name"));

    fake.enqueue(ResponsesReply.text("18°C in Paris."));
    ChatCompletion answered = client.chat().completions().create(SdkConversations.answerTool(first, asked, "18°C"));

    assertEquals("18°C in Paris.", answered.choices().get(0).message().content().orElseThrow());
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
    JsonArray input = fake.lastRequest().body().getJsonArray("input");
    List<String> types = input.stream().map(i -> ((JsonObject) i).getString("type")).collect(Collectors.toList());
    assertEquals(List.of("message", "message", "function_call", "function_call_output"), types);
    assertEquals(new JsonObject().put("type", "function_call_output").put("call_id", "call_w1").put("output", "18°C"),
      input.getJsonObject(3));
  }

  @Test
  void anUpstreamErrorKeepsItsStatusAndShape() {
    fake.enqueue(ResponsesReply.error(400, new JsonObject().put("error", new JsonObject()
      .put("message", "Invalid 'input[0].content'").put("type", "invalid_request_error")
      .put("param", "input[0].content").put("code", "invalid_value")), Map.of()));

    BadRequestException e = assertThrows(BadRequestException.class,
      () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
    assertEquals(400, e.statusCode());
    assertEquals("invalid_value", e.code().orElseThrow());
    assertTrue(e.getMessage().contains("Invalid 'input[0].content'"), e.getMessage());
  }

  @Test
  void oe4_aFailedResponseIsAnErrorNotA200() {
    JsonObject failed = ResponsesReply.textResponse("").put("status", "failed").put("output", new JsonArray())
      .put("error", new JsonObject().put("code", "invalid_prompt").put("message", "Invalid prompt: flagged"));
    fake.enqueue(ResponsesReply.response(failed));

    BadRequestException e = assertThrows(BadRequestException.class,
      () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
    assertEquals(400, e.statusCode());
    assertEquals("invalid_prompt", e.code().orElseThrow());
    assertTrue(e.getMessage().contains("Invalid prompt: flagged"), e.getMessage());
  }

  @Test
  void ot11_aOneAnswerClientIsServedFromAStreamFactoryWasAskedFor() {
    fake.enqueue(ResponsesReply.text("Assembled GPT"));
    ChatCompletion completion = client.chat().completions().create(SdkConversations.hello(MODEL));

    assertEquals("Assembled GPT", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(true, fake.lastRequest().body().getBoolean("stream"), "Factory was asked to stream");
    assertNull(fake.lastRequest().rejection(), fake.lastRequest().rejection());
  }

  @Test
  void ot11_aOneAnswerStreamCutShortIsAnErrorNeverASuccess() {
    List<SseEvent> all = ResponsesEvents.of(ResponsesReply.textResponse("Hello world").put("model", MODEL));
    fake.setDefault(ResponsesReply.closeAfter(all.subList(0, 3)));
    try {
      com.openai.errors.OpenAIServiceException e = assertThrows(com.openai.errors.OpenAIServiceException.class,
        () -> client.chat().completions().create(SdkConversations.hello(MODEL)));
      assertEquals(502, e.statusCode(), e.getMessage());
    } finally {
      fake.setDefault(ResponsesReply.text("ok"));
    }
  }

  @Test
  void aStreamBrokenMidWayEndsWithAnError() {
    List<SseEvent> all = ResponsesEvents.of(ResponsesReply.textResponse("Hello world").put("model", MODEL));
    int firstDelta = 0;
    while (!"response.output_text.delta".equals(all.get(firstDelta).event())) {
      firstDelta++;
    }
    fake.enqueue(ResponsesReply.closeAfter(all.subList(0, firstDelta + 1)));
    RuntimeException[] error = new RuntimeException[1];

    String text = SdkConversations.textBeforeTheError(client, SdkConversations.hello(MODEL), error);

    assertTrue("Hello world".startsWith(text) && !text.isEmpty() && !text.equals("Hello world"), text);
    SseException sse = assertInstanceOf(SseException.class, error[0]);
    assertTrue(String.valueOf(sse.getMessage()).contains("stream_truncated")
      || String.valueOf(sse.body()).contains("stream_truncated"), sse.getMessage() + " " + sse.body());
  }

  @Test
  void modelsListsEveryFamilyAndAnUnknownIdIs404ModelNotFound() {
    Map<String, String> owners = client.models().list().data().stream()
      .collect(Collectors.toMap(Model::id, Model::ownedBy));
    assertEquals("openai", owners.get("gpt-5.4"));
    assertEquals("openai", owners.get("gpt-5.3-codex"));
    assertEquals("anthropic", owners.get("claude-opus-4-6"));
    assertEquals("zai", owners.get("glm-5"));
    assertEquals("moonshotai", owners.get("kimi-k2.5"));
    assertEquals("minimax", owners.get("minimax-m2.5"));
    assertEquals("google", owners.get("gemini-3.1-pro-preview"));

    int calls = fake.received().size();
    NotFoundException e = assertThrows(NotFoundException.class,
      () -> client.chat().completions().create(SdkConversations.hello("my-own-model")));
    assertEquals(404, e.statusCode());
    assertEquals("model_not_found", e.code().orElseThrow());
    assertTrue(e.getMessage().contains("claude-*, minimax-* (Messages route); gpt-*") && e.getMessage()
      .contains("glm-*, kimi-*") && e.getMessage().contains("gemini-* (Gemini route)"), e.getMessage());
    assertEquals(calls, fake.received().size()); // refused before any call
  }
}
