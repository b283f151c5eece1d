package dev.factoryproxy.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeResponsesRoute;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.ResponsesEvents;
import dev.factoryproxy.testing.ResponsesReply;
import dev.factoryproxy.testing.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK's Responses API end to end: a GPT model through the pass-through to the strict fake
 * of Factory's Responses route, a Claude model through the hub to the strict fake Messages route, and
 * {@code previous_response_id} served from the proxy's conversation store (XR16–XR22).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiSdkResponsesTest {
  private static final String GPT = "gpt-5.4";
  private static final String CLAUDE = "claude-sonnet-4-5-20250929";
  private static Vertx vertx;
  private static FakeResponsesRoute gpt;
  private static FakeFactory claude;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    gpt = FakeResponsesRoute.start(vertx).await().expectKeys(ProxyUnderTest.FACTORY_KEY);
    claude = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    JsonObject config = ProxyUnderTest.config(claude.url(), ProxyUnderTest.freePort());
    config.getJsonObject("upstream").put("apiBase", gpt.apiBase())
      .put("retry", new JsonObject().put("maxAttempts", 1).put("baseDelayMs", 5).put("maxDelayMs", 10)
        .put("budgetMs", 1_000));
    String base = ProxyUnderTest.start(vertx, config).await();
    client = OpenAIOkHttpClient.builder().apiKey(ProxyUnderTest.CLIENT_KEY).baseUrl(base + "/v1").maxRetries(0)
      .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
  }

  private static String text(Response response) {
    StringBuilder text = new StringBuilder();
    for (ResponseOutputItem item : response.output()) {
      item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t.text()))));
    }
    return text.toString();
  }

  private static FunctionTool weatherTool() {
    return FunctionTool.builder().name("get_weather").strict(false)
      .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
      .build();
  }

  private static JsonObject functionCallResponse(String id, String callId) {
    JsonObject call = new JsonObject().put("type", "function_call").put("id", "fc_" + callId).put("call_id", callId)
      .put("name", "get_weather").put("arguments", "{\"city\":\"Paris\"}").put("status", "completed");
    return ResponsesReply.textResponse("").put("id", id).put("output", new JsonArray().add(call));
  }

  /** The event's type, for the kinds a text stream has. */
  private static String type(ResponseStreamEvent e) {
    return e.isCreated() ? "response.created" : e.isInProgress() ? "response.in_progress"
      : e.isOutputItemAdded() ? "response.output_item.added" : e.isContentPartAdded() ? "response.content_part.added"
      : e.isOutputTextDelta() ? "response.output_text.delta" : e.isOutputTextDone() ? "response.output_text.done"
      : e.isContentPartDone() ? "response.content_part.done" : e.isOutputItemDone() ? "response.output_item.done"
      : e.isCompleted() ? "response.completed" : e.isFailed() ? "response.failed" : "other";
  }

  private static JsonObject lastGptBody() {
    assertNull(gpt.lastRequest().rejection(), gpt.lastRequest().rejection());
    return gpt.lastRequest().body();
  }

  @Test
  void xp12_gptTextWithAStringInput() {
    gpt.enqueue(ResponsesReply.response(ResponsesReply.textResponse("Hello from GPT").put("id", "resp_sdk_text")));
    Response response = client.responses().create(ResponseCreateParams.builder().model(GPT).input("Say hi").build());
    assertEquals("Hello from GPT", text(response));
    assertEquals("resp_sdk_text", response.id());
    assertEquals(new JsonArray().add(new JsonObject().put("type", "message").put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", "Say hi")))),
      lastGptBody().getJsonArray("input"));
    assertEquals(false, lastGptBody().getBoolean("store"));
  }

  @Test
  void xp10_gptStreamEventsArriveInOrder() {
    gpt.enqueue(ResponsesReply.text("streamed words"));
    List<String> types = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
      ResponseCreateParams.builder().model(GPT).input("Stream please").build())) {
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
        types.add(type(event));
      });
    }
    assertEquals("streamed words", text.toString());
    List<String> expected = new ArrayList<>();
    for (SseEvent event : ResponsesEvents.of(ResponsesReply.textResponse("streamed words").put("model", GPT))) {
      expected.add(new JsonObject(event.data()).getString("type"));
    }
    assertEquals(expected, types);
  }

  @Test
  void xr16_xr18_gptFunctionCallRoundTripContinuedByPreviousResponseId() {
    gpt.enqueue(ResponsesReply.response(functionCallResponse("resp_sdk_call", "call_1")));
    Response first = client.responses().create(ResponseCreateParams.builder().model(GPT)
      .input("Weather in Paris?").addTool(weatherTool()).build());
    ResponseFunctionToolCall call = first.output().get(0).asFunctionCall();
    assertEquals("call_1", call.callId());
    assertEquals("{\"city\":\"Paris\"}", call.arguments());

    gpt.enqueue(ResponsesReply.response(ResponsesReply.textResponse("18°C in Paris").put("id", "resp_sdk_after")));
    Response second = client.responses().create(ResponseCreateParams.builder().model(GPT).addTool(weatherTool())
      .previousResponseId(first.id())
      .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
        .callId("call_1").output("18°C").build())))
      .build());
    assertEquals("18°C in Paris", text(second));

    JsonObject body = lastGptBody();
    assertTrue(body.getValue("previous_response_id") == null, body.encode());
    JsonArray input = body.getJsonArray("input");
    assertEquals(3, input.size(), input.encode());
    assertEquals("Weather in Paris?", input.getJsonObject(0).getJsonArray("content").getJsonObject(0)
      .getString("text"));
    assertEquals(new JsonObject().put("type", "function_call").put("call_id", "call_1").put("name", "get_weather")
      .put("arguments", "{\"city\":\"Paris\"}").put("status", "completed"), input.getJsonObject(1));
    assertEquals("function_call_output", input.getJsonObject(2).getString("type"));
    assertEquals("call_1", input.getJsonObject(2).getString("call_id"));
  }

  @Test
  void xp5_gptStructuredOutputReachesFactoryUnchanged() {
    gpt.enqueue(ResponsesReply.text("{\"city\":\"Paris\"}"));
    Response response = client.responses().create(ResponseCreateParams.builder().model(GPT).input("Capital?")
      .text(ResponseTextConfig.builder().format(ResponseFormatTextJsonSchemaConfig.builder().name("answer")
        .strict(true).schema(ResponseFormatTextJsonSchemaConfig.Schema.builder()
          .putAdditionalProperty("type", JsonValue.from("object"))
          .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
          .putAdditionalProperty("required", JsonValue.from(List.of("city")))
          .putAdditionalProperty("additionalProperties", JsonValue.from(false)).build()).build()).build())
      .build());
    assertEquals(new JsonObject().put("city", "Paris"), new JsonObject(text(response)));
    JsonObject format = lastGptBody().getJsonObject("text").getJsonObject("format");
    assertEquals("json_schema", format.getString("type"));
    assertEquals("answer", format.getString("name"));
    assertEquals(true, format.getBoolean("strict"));
    assertEquals(new JsonArray().add("city"), format.getJsonObject("schema").getJsonArray("required"));
  }

  @Test
  void xr21_aStreamedAnswerIsKeptForTheNextTurn() {
    gpt.enqueue(ResponsesReply.response(ResponsesReply.textResponse("Four").put("id", "resp_sdk_streamed")));
    String id;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
      ResponseCreateParams.builder().model(GPT).input("2+2?").build())) {
      id = stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow().asCompleted()
        .response().id();
    }
    gpt.enqueue(ResponsesReply.text("Twelve"));
    client.responses().create(ResponseCreateParams.builder().model(GPT).previousResponseId(id)
      .input("times 3?").build());
    JsonArray input = lastGptBody().getJsonArray("input");
    assertEquals(List.of("user", "assistant", "user"), input.stream()
      .map(i -> ((JsonObject) i).getString("role")).toList());
    assertEquals("Four", input.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  void xr22_storeFalseIsNotKept() {
    gpt.enqueue(ResponsesReply.response(ResponsesReply.textResponse("Not kept").put("id", "resp_sdk_unstored")));
    Response first = client.responses().create(ResponseCreateParams.builder().model(GPT).input("hi").store(false)
      .build());
    int calls = gpt.received().size();
    BadRequestException e = assertThrows(BadRequestException.class, () -> client.responses().create(
      ResponseCreateParams.builder().model(GPT).previousResponseId(first.id()).input("again").build()));
    assertEquals(400, e.statusCode());
    assertTrue(e.getMessage().contains("Previous response with id 'resp_sdk_unstored' not found"), e.getMessage());
    assertTrue(e.body().toString().contains("param=previous_response_id"), e.body().toString());
    assertEquals(calls, gpt.received().size(), "refused before any upstream call");
  }

  /** Last: a 402 sets the proxy's only key aside (out of credit), so nothing may call Factory after it. */
  @Test
  @Order(Integer.MAX_VALUE)
  void xe1_gptErrorsKeepTheirStatus() {
    gpt.enqueue(ResponsesReply.error(529, new JsonObject().put("error", new JsonObject()
      .put("message", "Overloaded").put("type", "overloaded_error")), Map.of()));
    OpenAIServiceException busy = assertThrows(OpenAIServiceException.class, () -> client.responses().create(
      ResponseCreateParams.builder().model(GPT).input("hi").build()));
    assertEquals(503, busy.statusCode()); // upstream.passThrough529 is off: Factory's 529 is a 503 (XE1, E-rules)

    gpt.enqueue(ResponsesReply.error(402, new JsonObject().put("detail", "Ready for more? Reload your tokens"),
      Map.of()));
    OpenAIServiceException paid = assertThrows(OpenAIServiceException.class, () -> client.responses().create(
      ResponseCreateParams.builder().model(GPT).input("hi").build()));
    assertEquals(402, paid.statusCode());
    assertTrue(paid.getMessage().contains("Reload your tokens"), paid.getMessage());
  }

  @Test
  void xp11_aBrokenGptStreamEndsWithResponseFailed() {
    List<SseEvent> events = ResponsesEvents.of(ResponsesReply.textResponse("cut short").put("model", GPT));
    gpt.enqueue(ResponsesReply.closeAfter(events.subList(0, 4)));
    List<ResponseStreamEvent> seen = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
      ResponseCreateParams.builder().model(GPT).input("hi").build())) {
      stream.stream().forEach(seen::add);
    }
    ResponseStreamEvent last = seen.get(seen.size() - 1);
    assertTrue(last.isFailed(), last.toString());
    // the connection broke (no upstream end): the proxy's own code for it, XE2
    assertEquals("stream_truncated", last.asFailed().response().error().orElseThrow().code().toString());
    assertTrue(seen.stream().noneMatch(ResponseStreamEvent::isCompleted));
  }

  @Test
  void xr2_claudeTextThroughTheHub() {
    claude.enqueue(Reply.text("Hello from Claude"));
    Response response = client.responses().create(ResponseCreateParams.builder().model(CLAUDE)
      .instructions("Be brief.").input("Say hi").build());
    assertEquals("Hello from Claude", text(response));
    assertTrue(response.id().startsWith("resp_"), response.id());
    assertNull(claude.lastRequest().rejection(), claude.lastRequest().rejection());
    assertEquals("Say hi", claude.lastRequest().body().getJsonArray("messages").getJsonObject(0)
      .getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  void xt3_claudeStreamThroughTheHub() {
    claude.enqueue(Reply.text("Streamed Claude"));
    StringBuilder text = new StringBuilder();
    boolean[] completed = {false};
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
      ResponseCreateParams.builder().model(CLAUDE).input("Say hi").build())) {
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
        completed[0] |= event.isCompleted();
      });
    }
    assertEquals("Streamed Claude", text.toString());
    assertTrue(completed[0]);
    assertNull(claude.lastRequest().rejection(), claude.lastRequest().rejection());
  }

  @Test
  void xt4_claudeThinkingStreamsAsAReasoningSummary() {
    JsonObject thinking = new JsonObject().put("id", "msg_think").put("type", "message").put("role", "assistant")
      .putNull("model").put("content", new JsonArray()
        .add(new JsonObject().put("type", "thinking").put("thinking", "Two plus two is four.").put("signature", "sig1"))
        .add(new JsonObject().put("type", "text").put("text", "4")))
      .put("stop_reason", "end_turn").putNull("stop_sequence")
      .put("usage", new JsonObject().put("input_tokens", 30).put("output_tokens", 20));
    claude.enqueue(Reply.message(thinking));
    StringBuilder summary = new StringBuilder();
    StringBuilder text = new StringBuilder();
    Response[] done = {null};
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
      ResponseCreateParams.builder().model(CLAUDE).input("2+2?")
        .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).summary(Reasoning.Summary.AUTO).build()).build())) {
      stream.stream().forEach(event -> {
        event.reasoningSummaryTextDelta().ifPresent(d -> summary.append(d.delta()));
        event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
        event.completed().ifPresent(c -> done[0] = c.response());
      });
    }
    assertNull(claude.lastRequest().rejection(), claude.lastRequest().rejection());
    assertEquals("Two plus two is four.", summary.toString());
    assertEquals("4", text.toString());
    assertEquals("fpx.thinking.sig1", done[0].output().get(0).asReasoning().encryptedContent().orElseThrow());
  }

  @Test
  void xs3_xr5_claudeToolCallThroughTheHubAndItsOutputContinued() {
    JsonObject toolUse = new JsonObject().put("id", "msg_tools").put("type", "message").put("role", "assistant")
      .putNull("model").put("content", new JsonArray().add(new JsonObject().put("type", "tool_use")
        .put("id", "toolu_01").put("name", "get_weather").put("input", new JsonObject().put("city", "Paris"))))
      .put("stop_reason", "tool_use").putNull("stop_sequence")
      .put("usage", new JsonObject().put("input_tokens", 80).put("output_tokens", 30));
    claude.enqueue(Reply.message(toolUse));
    Response first = client.responses().create(ResponseCreateParams.builder().model(CLAUDE)
      .input("Weather in Paris?").addTool(weatherTool()).build());
    ResponseFunctionToolCall call = first.output().stream().filter(ResponseOutputItem::isFunctionCall).findFirst()
      .orElseThrow().asFunctionCall();
    assertEquals("toolu_01", call.callId());
    assertEquals(new JsonObject().put("city", "Paris"), new JsonObject(call.arguments()));

    claude.enqueue(Reply.text("18°C"));
    Response second = client.responses().create(ResponseCreateParams.builder().model(CLAUDE).addTool(weatherTool())
      .previousResponseId(first.id())
      .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
        .callId("toolu_01").output("18°C, clear").build())))
      .build());
    assertEquals("18°C", text(second));
    assertNull(claude.lastRequest().rejection(), claude.lastRequest().rejection());
    JsonArray messages = claude.lastRequest().body().getJsonArray("messages");
    assertEquals(3, messages.size(), messages.encode());
    assertEquals("tool_use", messages.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("type"));
    assertEquals(new JsonObject().put("type", "tool_result").put("tool_use_id", "toolu_01")
      .put("content", "18°C, clear"), messages.getJsonObject(2).getJsonArray("content").getJsonObject(0));
  }
}
