package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the per-family OpenAI SDK tests share: the client, a tool, the first turn of a tool loop and its answer
 * turn, and a stream read the way OpenAI clients read one (deltas joined, tool calls accumulated by index).
 */
final class SdkConversations {
  private SdkConversations() {
  }

  static OpenAIClient client(String proxyBase) {
    return OpenAIOkHttpClient.builder().apiKey(dev.factoryproxy.testing.ProxyUnderTest.CLIENT_KEY)
      .baseUrl(proxyBase + "/v1").maxRetries(0).build();
  }

  static ChatCompletionCreateParams hello(String model) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Answer briefly.")
      .addUserMessage("Say hello").build();
  }

  static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
      .name("get_weather").description("Current weather for a city")
      .parameters(FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
        .build())
      .build()).build();
  }

  static ChatCompletionCreateParams askWeather(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("What is the weather in Paris?")
      .addTool(weatherTool()).build();
  }

  /** The second turn of the loop: the first turn, the assistant's answer as the SDK gave it, the tool's result. */
  static ChatCompletionCreateParams answerTool(ChatCompletionCreateParams first, ChatCompletion asked,
                                               String result) {
    ChatCompletionMessageFunctionToolCall call = asked.choices().get(0).message().toolCalls().orElseThrow().get(0)
      .asFunction();
    return first.toBuilder().addMessage(asked.choices().get(0).message())
      .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(result).build()).build();
  }

  /** A stream as a client reads it. */
  record Streamed(String text, Map<Long, String[]> calls, String finishReason, int chunks) {
  }

  static Streamed stream(OpenAIClient client, ChatCompletionCreateParams params) {
    Map<Long, String[]> calls = new TreeMap<>(); // index → {id, name, arguments}
    StringBuilder text = new StringBuilder();
    String[] finish = new String[1];
    int[] count = {0};
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        count[0]++;
        chunk.choices().forEach(c -> {
          c.delta().content().ifPresent(text::append);
          c.delta().toolCalls().ifPresent(list -> list.forEach(tc -> {
            String[] acc = calls.computeIfAbsent(tc.index(), i -> new String[] {null, null, ""});
            tc.id().ifPresent(id -> acc[0] = id);
            tc.function().flatMap(f -> f.name()).ifPresent(n -> acc[1] = n);
            tc.function().flatMap(f -> f.arguments()).ifPresent(a -> acc[2] += a);
          }));
          c.finishReason().ifPresent(f -> finish[0] = f.asString());
        });
      });
    }
    return new Streamed(text.toString(), calls, finish[0], count[0]);
  }

  /** Reads a stream until it throws; returns the text received before, for a stream that must end in an error. */
  static String textBeforeTheError(OpenAIClient client, ChatCompletionCreateParams params, RuntimeException[] error) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    } catch (RuntimeException e) {
      error[0] = e;
    }
    return text.toString();
  }
}
