package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text conversations end to end: the official OpenAI Java SDK → the proxy (all roles, one JVM) → a strict fake
 * Factory. Checks what a user sees and what Factory received.
 */
class OpenAiSdkTextTest {
  private static final String MODEL = "claude-sonnet-4-5-20250929";
  private static Vertx vertx;
  private static FakeFactory fake;
  private static OpenAIClient client;
  private static String base;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    base = ProxyUnderTest.start(vertx, ProxyUnderTest.config(fake.url(), ProxyUnderTest.freePort())).await();
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

  private static ChatCompletionCreateParams.Builder conversation() {
    return ChatCompletionCreateParams.builder()
      .model(MODEL)
      .addSystemMessage("Answer in one word.")
      .addUserMessage("Say hello");
  }

  @Test
  void nonStreamingTextConversation() {
    fake.enqueue(Reply.text("Hello!"));

    ChatCompletion completion = client.chat().completions().create(conversation().build());

    assertEquals("Hello!", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(25, completion.usage().orElseThrow().promptTokens());
    assertEquals(15, completion.usage().orElseThrow().completionTokens());
    assertEquals(40, completion.usage().orElseThrow().totalTokens());

    // What Factory received (R1, R20, factory-upstream.md): the Droid prompt first, the client's system text after,
    // the default max_tokens capped for non-stream requests.
    JsonObject sent = fake.lastRequest().body();
    assertEquals(new JsonArray()
      .add(new JsonObject().put("type", "text").put("text", "You are Droid, an AI software engineering agent built by Factory."))
      .add(new JsonObject().put("type", "text").put("text", "Answer in one word.")), sent.getJsonArray("system"));
    assertEquals(new JsonArray().add(new JsonObject().put("role", "user")
      .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "Say hello")))),
      sent.getJsonArray("messages"));
    assertEquals(21333, sent.getInteger("max_tokens"));
    assertEquals(MODEL, sent.getString("model"));
    assertEquals("Bearer " + ProxyUnderTest.FACTORY_KEY, fake.lastRequest().headers().get("authorization"));
  }

  @Test
  void streamingTextConversation() {
    fake.enqueue(Reply.text("Hello there, friend!"));
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(conversation()
      .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunks::add);
    }

    StringBuilder text = new StringBuilder();
    chunks.stream().filter(c -> !c.choices().isEmpty())
      .forEach(c -> c.choices().get(0).delta().content().ifPresent(text::append));
    assertEquals("Hello there, friend!", text.toString());
    // T2: the first chunk carries the role; T9: a finish chunk; T10: the usage chunk with no choices comes last.
    assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT, chunks.get(0).choices().get(0).delta().role().orElseThrow());
    ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
    assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, finish.choices().get(0).finishReason().orElseThrow());
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertTrue(usage.choices().isEmpty());
    assertEquals(40, usage.usage().orElseThrow().totalTokens());
    // Every chunk has the same id (T3).
    assertEquals(1, chunks.stream().map(ChatCompletionChunk::id).distinct().count());
    assertEquals(true, fake.lastRequest().body().getBoolean("stream"));
  }

  @Test
  void wrongClientKeyIsRejectedWithoutCallingFactory() {
    OpenAIClient stranger = OpenAIOkHttpClient.builder().apiKey("sk-not-a-proxy-key")
      .baseUrl(base + "/v1").maxRetries(0).build();
    try {
      UnauthorizedException e = assertThrows(UnauthorizedException.class,
        () -> stranger.chat().completions().create(conversation().build()));
      assertEquals("invalid_api_key", e.code().orElseThrow());
      assertEquals(0, fake.callCount());
    } finally {
      stranger.close();
    }
  }

  @Test
  void factoryQuotaAnswerReachesTheUserAs402() {
    fake.enqueue(Reply.error(402, new JsonObject()
      .put("detail", "You've reached your 5-hour standard usage limit (resets in 1h 0min).")
      .put("status", 402).put("title", "Payment Required").put("displayToUser", true).put("requestId", "r-1")));

    OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
      () -> client.chat().completions().create(conversation().build()));

    assertEquals(402, e.statusCode());
    assertEquals("insufficient_quota", e.code().orElseThrow());
    assertEquals("insufficient_quota", e.type().orElseThrow());
    assertTrue(e.getMessage().contains("You've reached your 5-hour standard usage limit"), e.getMessage());
  }
}
