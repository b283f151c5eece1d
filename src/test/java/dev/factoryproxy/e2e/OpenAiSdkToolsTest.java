package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full tool-calling loop through the official OpenAI Java SDK, non-stream and streamed with two parallel calls,
 * and an image request. The fake Factory rejects unpaired tool results and wrong roles, so a translation mistake
 * fails the second turn.
 */
class OpenAiSdkToolsTest {
  private static final String MODEL = "claude-sonnet-4-5-20250929";
  private static Vertx vertx;
  private static FakeFactory fake;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    String base = ProxyUnderTest.start(vertx, ProxyUnderTest.config(fake.url(), ProxyUnderTest.freePort())).await();
    client = OpenAIOkHttpClient.builder().apiKey(ProxyUnderTest.CLIENT_KEY).baseUrl(base + "/v1").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
      .name("get_weather")
      .description("Current weather for a city")
      .parameters(FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
        .build())
      .build()).build();
  }

  private static JsonObject toolUseMessage(String... cities) {
    JsonArray content = new JsonArray().add(new JsonObject().put("type", "text").put("text", "Let me check."));
    for (int i = 0; i < cities.length; i++) {
      content.add(new JsonObject().put("type", "tool_use").put("id", "toolu_0" + (i + 1)).put("name", "get_weather")
        .put("input", new JsonObject().put("location", cities[i])));
    }
    return new JsonObject().put("id", "msg_tools").put("type", "message").put("role", "assistant")
      .put("model", MODEL).put("content", content).put("stop_reason", "tool_use").put("stop_sequence", null)
      .put("usage", new JsonObject().put("input_tokens", 80).put("output_tokens", 30));
  }

  @Test
  void toolCallingLoopNonStreaming() {
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model(MODEL)
      .addUserMessage("What is the weather in Paris?").addTool(weatherTool()).build();
    fake.enqueue(Reply.message(toolUseMessage("Paris")));

    ChatCompletion asked = client.chat().completions().create(first);

    ChatCompletion.Choice choice = asked.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    assertEquals("Let me check.", choice.message().content().orElseThrow());
    ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("toolu_01", call.id());
    assertEquals("get_weather", call.function().name());
    assertEquals(new JsonObject().put("location", "Paris"), new JsonObject(call.function().arguments()));
    // S3/R16: Factory got the tool definition in Anthropic's shape.
    assertEquals(new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("location", new JsonObject().put("type", "string")))
        .put("required", new JsonArray().add("location")),
      fake.lastRequest().body().getJsonArray("tools").getJsonObject(0).getJsonObject("input_schema"));

    fake.enqueue(Reply.text("It is 18°C in Paris."));
    ChatCompletion answered = client.chat().completions().create(first.toBuilder()
      .addMessage(choice.message())
      .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18°C, clear").build())
      .build());

    assertEquals("It is 18°C in Paris.", answered.choices().get(0).message().content().orElseThrow());
    // R11/R12: assistant text then tool_use; the result in the next user message.
    JsonArray messages = fake.lastRequest().body().getJsonArray("messages");
    assertEquals(3, messages.size());
    assertEquals(new JsonObject().put("type", "tool_use").put("id", "toolu_01").put("name", "get_weather")
      .put("input", new JsonObject().put("location", "Paris")), messages.getJsonObject(1).getJsonArray("content").getJsonObject(1));
    assertEquals(new JsonObject().put("type", "tool_result").put("tool_use_id", "toolu_01").put("content", "18°C, clear"),
      messages.getJsonObject(2).getJsonArray("content").getJsonObject(0));
  }

  @Test
  void toolCallingLoopStreamingWithTwoParallelCalls() {
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model(MODEL)
      .addUserMessage("Weather in Paris and Oslo?").addTool(weatherTool()).build();
    fake.enqueue(Reply.message(toolUseMessage("Paris", "Oslo")));

    // Accumulate the deltas the way OpenAI clients do: by tool-call index (T5, T6).
    Map<Long, String[]> calls = new TreeMap<>(); // index → {id, name, arguments}
    StringBuilder text = new StringBuilder();
    String[] finish = new String[1];
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(first)) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
        c.delta().content().ifPresent(text::append);
        c.delta().toolCalls().ifPresent(list -> list.forEach(tc -> {
          String[] acc = calls.computeIfAbsent(tc.index(), i -> new String[] {null, null, ""});
          tc.id().ifPresent(id -> acc[0] = id);
          tc.function().flatMap(f -> f.name()).ifPresent(n -> acc[1] = n);
          tc.function().flatMap(f -> f.arguments()).ifPresent(a -> acc[2] += a);
        }));
        c.finishReason().ifPresent(f -> finish[0] = f.asString());
      }));
    }

    assertEquals("Let me check.", text.toString());
    assertEquals("tool_calls", finish[0]);
    assertEquals(List.of(0L, 1L), List.copyOf(calls.keySet()));
    assertEquals("toolu_01", calls.get(0L)[0]);
    assertEquals("toolu_02", calls.get(1L)[0]);
    assertEquals(new JsonObject().put("location", "Paris"), new JsonObject(calls.get(0L)[2]));
    assertEquals(new JsonObject().put("location", "Oslo"), new JsonObject(calls.get(1L)[2]));

    ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder().content(text.toString());
    calls.values().forEach(c -> assistant.addToolCall(ChatCompletionMessageToolCall.ofFunction(
      ChatCompletionMessageFunctionToolCall.builder().id(c[0])
        .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(c[1]).arguments(c[2]).build()).build())));
    fake.enqueue(Reply.text("Paris 18°C, Oslo 4°C."));
    StringBuilder answer = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(first.toBuilder()
      .addMessage(assistant.build())
      .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("toolu_01").content("18°C").build())
      .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("toolu_02").content("4°C").build())
      .build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(answer::append)));
    }

    assertEquals("Paris 18°C, Oslo 4°C.", answer.toString());
    // R12: both results in ONE user message, in order.
    JsonArray results = fake.lastRequest().body().getJsonArray("messages").getJsonObject(2).getJsonArray("content");
    assertEquals(List.of("toolu_01", "toolu_02"), results.stream().map(b -> ((JsonObject) b).getString("tool_use_id")).toList());
  }

  @Test
  void imageRequestBecomesABase64ImageBlock() {
    fake.enqueue(Reply.text("A red pixel."));
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL)
      .addUserMessageOfArrayOfContentParts(List.of(
        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is in this image?").build()),
        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
          .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url("data:image/png;base64,iVBORw0KGgo=").build())
          .build())))
      .build();

    ChatCompletion completion = client.chat().completions().create(params);

    assertEquals("A red pixel.", completion.choices().get(0).message().content().orElseThrow());
    JsonArray content = fake.lastRequest().body().getJsonArray("messages").getJsonObject(0).getJsonArray("content");
    assertEquals(new JsonObject().put("type", "image").put("source", new JsonObject().put("type", "base64")
      .put("media_type", "image/png").put("data", "iVBORw0KGgo=")), content.getJsonObject(1));
    assertTrue(content.getJsonObject(0).getString("text").startsWith("What is in this image?"));
  }
}
