package dev.factoryproxy.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.PaymentRequiredException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.models.ModelInfo;
import dev.factoryproxy.client.messages.CountTokens;
import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK (3.16.0) as its users run it, pointed at the proxy with the proxy key as its API
 * key (sent as {@code x-api-key}): Claude models through the pass-through against the strict Messages fake, and a
 * Core model (glm-5) through the hub and the Chat route against that route's strict fake.
 */
class AnthropicSdkTest {
  private static final String CLAUDE = ProxyClient.MODEL;
  private static Vertx vertx;
  private static FakeFactory fake;
  private static FakeCoreChatRoute core;
  private static AnthropicClient sdk;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    core = FakeCoreChatRoute.start(vertx).await();
    core.expectKeys(ProxyUnderTest.FACTORY_KEY);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    String coreUrl = core.url();
    config.getJsonObject("upstream") // a 402 sets the one key aside: back in use at once for the next test
      .put("keyRecheckMs", 1).put("keyCooldownMs", 1)
      .put("apiBase", coreUrl.substring(0, coreUrl.length() - FakeCoreChatRoute.PATH.length()));
    String base = ProxyUnderTest.start(vertx, config).await();
    sdk = AnthropicOkHttpClient.builder().baseUrl(base).apiKey(ProxyUnderTest.CLIENT_KEY).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    sdk.close();
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static MessageCreateParams.Builder hello(String model) {
    return MessageCreateParams.builder().model(model).maxTokens(512).system("Be brief.")
      .addUserMessage("Say hello");
  }

  private static JsonObject message(JsonArray content, String stopReason) {
    return new JsonObject().put("id", "msg_sdk_1").put("type", "message").put("role", "assistant")
      .put("model", null).put("content", content).put("stop_reason", stopReason).put("stop_sequence", null)
      .put("usage", new JsonObject().put("input_tokens", 30).put("output_tokens", 12));
  }

  private static Message accumulate(MessageCreateParams params) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }
    return accumulator.message();
  }

  private static Tool weatherTool() {
    return Tool.builder().name("get_weather").description("The weather in a city")
      .inputSchema(Tool.InputSchema.builder()
        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
        .required(List.of("city")).build())
      .build();
  }

  @Test
  void mp8_textComesBackAsTheSdksMessage() {
    fake.enqueue(Reply.text("Hello from Claude"));
    Message answer = sdk.messages().create(hello(CLAUDE).build());
    assertEquals("Hello from Claude", answer.content().get(0).asText().text());
    assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
    assertEquals(30 - 5, answer.usage().inputTokens()); // the fake's text reply: 25 in
    JsonObject sent = fake.lastRequest().body();
    assertNull(fake.lastRequest().rejection());
    assertEquals(FakeFactory.DROID_IDENTITY, sent.getJsonArray("system").getJsonObject(0).getString("text"));
    assertEquals("Be brief.", sent.getJsonArray("system").getJsonObject(1).getString("text"));
  }

  @Test
  void mp8_aStreamAccumulatesIntoTheMessage() {
    fake.enqueue(Reply.text("Streamed hello"));
    Message answer = accumulate(hello(CLAUDE).build());
    assertEquals("Streamed hello", answer.content().get(0).asText().text());
    assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
    assertEquals(15, answer.usage().outputTokens());
  }

  @Test
  void mp8_aToolLoopRoundTripsTheToolUseAndItsResult() {
    fake.enqueue(Reply.message(message(new JsonArray().add(new JsonObject().put("type", "tool_use")
      .put("id", "toolu_01").put("name", "get_weather").put("input", new JsonObject().put("city", "Paris"))),
      "tool_use")));
    fake.enqueue(Reply.text("It is sunny in Paris."));
    MessageCreateParams first = hello(CLAUDE).addTool(weatherTool()).build();
    Message call = accumulate(first);
    assertEquals(StopReason.TOOL_USE, call.stopReason().orElseThrow());
    ContentBlock toolUse = call.content().get(0);
    assertEquals("get_weather", toolUse.asToolUse().name());
    assertEquals(JsonValue.from(Map.of("city", "Paris")), toolUse.asToolUse()._input());

    Message done = sdk.messages().create(first.toBuilder().addMessage(call)
      .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
        .toolUseId("toolu_01").content("sunny, 24 C").build())))
      .build());
    assertEquals("It is sunny in Paris.", done.content().get(0).asText().text());
    JsonArray sent = fake.lastRequest().body().getJsonArray("messages");
    assertNull(fake.lastRequest().rejection());
    assertEquals("tool_use", sent.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("type"));
    JsonObject result = sent.getJsonObject(2).getJsonArray("content").getJsonObject(0);
    assertEquals(new JsonObject().put("tool_use_id", "toolu_01").put("type", "tool_result")
      .put("content", "sunny, 24 C"), result);
  }

  @Test
  void mp8_thinkingStreamsWithItsSignatureAndIsReplayedAsSent() {
    fake.enqueue(Reply.message(message(new JsonArray()
      .add(new JsonObject().put("type", "thinking").put("thinking", "The user wants a greeting.")
        .put("signature", "sig-abc123"))
      .add(new JsonObject().put("type", "text").put("text", "Hello!")), "end_turn")));
    MessageCreateParams params = hello(CLAUDE).maxTokens(4096).enabledThinking(2048).build();
    Message answer = accumulate(params);
    assertEquals("The user wants a greeting.", answer.content().get(0).asThinking().thinking());
    assertEquals("sig-abc123", answer.content().get(0).asThinking().signature());
    assertEquals("Hello!", answer.content().get(1).asText().text());

    fake.enqueue(Reply.text("Again"));
    sdk.messages().create(params.toBuilder().addMessage(answer).addUserMessage("Once more").build());
    assertNull(fake.lastRequest().rejection());
    JsonObject replayed = fake.lastRequest().body().getJsonArray("messages").getJsonObject(1).getJsonArray("content")
      .getJsonObject(0);
    assertEquals("thinking", replayed.getString("type"));
    assertEquals("sig-abc123", replayed.getString("signature"));
    assertEquals(2048, fake.lastRequest().body().getJsonObject("thinking").getInteger("budget_tokens"));
  }

  @Test
  void mc1_countTokensIsFactorysCountOfTheAdjustedRequest() {
    MessageTokensCount count = sdk.messages().countTokens(MessageCountTokensParams.builder().model(CLAUDE)
      .system("Be brief.").addUserMessage("Say hello").build());
    assertEquals(4242, count.inputTokens());
    FakeFactory.Received received = fake.lastRequest();
    assertNull(received.rejection());
    assertTrue(received.headers().get("x-api-key").equals("placeholder")); // the CLI's, not the client's key
    assertEquals(FakeFactory.DROID_IDENTITY,
      received.body().getJsonArray("system").getJsonObject(0).getString("text"));
    assertFalse(received.body().containsKey("max_tokens"));
    assertFalse(received.body().containsKey("stream"), "a count is one JSON answer, never asked to stream (T16)");
    assertEquals("application/json", received.headers().get("accept"));
  }

  @Test
  void mc3_aRefusedCountIsAnEstimateSaidSoInTheWarning() {
    fake.setCountReply(Reply.error(404, new JsonObject("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
      + "\"message\":\"Not Found\"}}")));
    HttpResponseFor<MessageTokensCount> raw = sdk.messages().withRawResponse().countTokens(
      MessageCountTokensParams.builder().model(CLAUDE).addUserMessage("Say hello").build());
    assertEquals(200, raw.statusCode());
    assertTrue(raw.parse().inputTokens() > 0);
    assertEquals(CountTokens.ESTIMATE_WARNING, raw.headers().values("x-proxy-warning").get(0));
  }

  @Test
  void mc3_aModelOnAnotherRouteGetsTheEstimateWithoutAnUpstreamCall() {
    int before = core.received().size();
    HttpResponseFor<MessageTokensCount> raw = sdk.messages().withRawResponse().countTokens(
      MessageCountTokensParams.builder().model("glm-5").addUserMessage("Say hello").build());
    assertTrue(raw.parse().inputTokens() > 0);
    assertEquals(CountTokens.NO_COUNT_ROUTE_WARNING, raw.headers().values("x-proxy-warning").get(0));
    assertEquals(0, fake.callCount());
    assertEquals(before, core.received().size());
  }

  @Test
  void mm1_theModelListIsAnthropicsWithDisplayNames() {
    List<ModelInfo> models = sdk.models().list().data();
    assertEquals(CLAUDE, models.get(0).id());
    assertEquals("Claude Sonnet 4.5", models.get(0).displayName());
    assertEquals(2025, models.get(0).createdAt().getYear());
  }

  @Test
  void mp1_aMalformedRequestIsABadRequestNamingTheFieldBeforeAnyCall() {
    BadRequestException error = assertThrows(BadRequestException.class,
      () -> sdk.messages().create(hello(CLAUDE).maxTokens(0).build()));
    assertTrue(error.getMessage().contains("max_tokens"), error.getMessage());
    assertEquals(0, fake.callCount());
  }

  @Test
  void me4_factorys402IsABillingErrorWithItsDetail() {
    fake.enqueue(Reply.error(402, new JsonObject().put("detail", "Ready for more? Reload your tokens.")));
    PaymentRequiredException error = assertThrows(PaymentRequiredException.class,
      () -> sdk.messages().create(hello(CLAUDE).build()));
    assertEquals("billing_error", error.type().orElseThrow().asString());
    assertTrue(error.getMessage().contains("Ready for more? Reload your tokens."), error.getMessage());
  }

  @Test
  void me4_factorys529StaysOverloaded() {
    fake.setDefault(Reply.error(529, new JsonObject("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      + "\"message\":\"Overloaded\"}}")));
    OverloadedException error = assertThrows(OverloadedException.class,
      () -> sdk.messages().create(hello(CLAUDE).build()));
    assertEquals(529, error.statusCode());
  }

  @Test
  void me4_anUnknownModelIsNotFound() {
    fake.enqueue(Reply.error(404, new JsonObject("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
      + "\"message\":\"model: claude-nope-9\"}}")));
    assertThrows(NotFoundException.class, () -> sdk.messages().create(hello("claude-nope-9").build()));
  }

  @Test
  void mr14_aCoreModelAnswersThroughTheHubAsAMessage() {
    core.enqueue(FakeCoreChatRoute.text("Hello from GLM"));
    Message answer = sdk.messages().create(hello("glm-5").build());
    assertNull(core.lastRequest().rejection(), core.lastRequest().rejection());
    assertEquals("Hello from GLM", answer.content().get(0).asText().text());
    assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
    assertEquals(0, fake.callCount());
  }

  @Test
  void mt9_aCoreModelsStreamAccumulatesThroughTheHub() {
    core.enqueue(FakeCoreChatRoute.text("Streamed from GLM"));
    Message answer = accumulate(hello("glm-5").build());
    assertNull(core.lastRequest().rejection(), core.lastRequest().rejection());
    assertEquals("Streamed from GLM", answer.content().get(0).asText().text());
    assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
  }
}
